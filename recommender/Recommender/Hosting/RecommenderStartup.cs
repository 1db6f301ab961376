using KernelTruth.Contracts.Sources;
using KernelTruth.Recommender.Configuration;
using KernelTruth.Recommender.Input;
using KernelTruth.Recommender.Routines;
using Microsoft.Extensions.Hosting;

namespace KernelTruth.Recommender.Hosting;

/// <summary>
/// Runs before the Quartz scheduler starts and after it stops (hosted services start in
/// registration order and stop in reverse): start-up restores the state file, or stops the host
/// with what to do; stop saves one last checkpoint once every job has finished.
/// </summary>
internal sealed class RecommenderStartup(RecommenderLoop loop, IEnumerable<ISnapshotSource> sources) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!sources.Any())
        {
            throw new RecommenderConfigurationException(
                [$"no snapshot source: set {nameof(RecommenderOptions.SensorUrls)}, or register an {nameof(ISnapshotSource)} (the sensor in this process is one)"]);
        }

        loop.RestoreFromStateFile();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) =>
        await loop.CheckpointAsync(cancellationToken).ConfigureAwait(false);
}
