using KernelTruth.Contracts.Sources;
using KernelTruth.Recommender.Configuration;
using KernelTruth.Recommender.Hosting;
using KernelTruth.Recommender.Input;
using KernelTruth.Recommender.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Usage: KernelTruth.Recommender.TestHost --state PATH
// Runs the service host (its Quartz job running the loop every second) on a synthetic sensor until killed.
if (args is not ["--state", var stateFile])
{
    await Console.Error.WriteLineAsync("usage: KernelTruth.Recommender.TestHost --state PATH");
    return 2;
}

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Logging.AddFilter("KernelTruth.Recommender.Routines", LogLevel.Debug);
builder.Services.AddSingleton<ISnapshotSource>(sp => new SyntheticSensor(sp.GetRequiredService<TimeProvider>()));
builder.Services.AddKernelTruthRecommender(new RecommenderOptions
{
    IngestInterval = TimeSpan.FromSeconds(1),
    FitInterval = TimeSpan.FromSeconds(1),
    CheckpointInterval = TimeSpan.FromSeconds(1),
    SensorTimeout = TimeSpan.FromSeconds(1),
    StateFile = stateFile,
});

try
{
    await builder.Build().RunAsync();
    return 0;
}
catch (Exception ex) when (ex is RecommenderConfigurationException or KernelTruth.Recommender.Checkpoint.StateFileException)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}
