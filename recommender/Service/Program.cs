using KernelTruth.Kube.Configuration;
using KernelTruth.Service;

// ktruth-recommender: exit 2 with every configuration problem named, before anything starts.
var (options, errors) = ServiceOptions.Parse(args, Environment.GetEnvironmentVariable);
if (options is null)
{
    foreach (var error in errors)
    {
        Console.Error.WriteLine($"ktruth-recommender: {error}");
    }

    Console.Error.WriteLine(ServiceOptions.Usage);
    return 2;
}

KubeClientConfig kube;
try
{
    kube = options.KubeConfig is { } path ? KubeConfigFile.Load(path) : KubeClientConfig.Load();
}
catch (KubeConfigException ex)
{
    Console.Error.WriteLine($"ktruth-recommender: no usable Kubernetes configuration: {ex.Message}");
    return 2;
}

Microsoft.AspNetCore.Builder.WebApplication app;
try
{
    app = ServiceHost.Create(options, kube);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"ktruth-recommender: {ex.Message}");
    return 2;
}

await using var disposeApp = app;
await app.RunAsync();
return 0;
