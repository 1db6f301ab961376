using k8s;
using KernelTruth.Kubernetes.Connection;
using KernelTruth.Service;

// --help (-h, -?) anywhere: the usage on stdout, exit 0, as every ktruth binary does.
if (args.Any(a => a is "--help" or "-h" or "-?"))
{
    Console.Out.WriteLine(ServiceOptions.Usage);
    return 0;
}

// ktruth-recommender: exit 2 with every configuration problem named, before anything starts.
var (options, errors) = ServiceOptions.Parse(args, Environment.GetEnvironmentVariable);
if (options is null)
{
    foreach (var error in errors)
    {
        Console.Error.WriteLine($"ktruth-recommender: {error}");
    }

    Console.Error.WriteLine("ktruth-recommender: see `ktruth-recommender --help`");
    return 2;
}

// The kubeconfig (an exec plugin runs now) or the service account, and the client: a bad one is one line, exit 2.
IKubernetes kube;
try
{
    var config = ClusterConnection.Load(options.KubeConfig, Environment.GetEnvironmentVariable, TimeProvider.System);
    kube = KubernetesClientFactory.Create(config, TimeProvider.System);
}
catch (KubernetesConfigurationException ex)
{
    Console.Error.WriteLine($"ktruth-recommender: no usable Kubernetes configuration: {ex.Message}");
    return 2;
}

using var disposeKube = kube;

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
