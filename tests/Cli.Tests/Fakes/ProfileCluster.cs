using System.Text.Json.Nodes;
using KernelTruth.Cli.Commands;
using KernelTruth.Kube.TestServer;

namespace KernelTruth.Cli.Tests.Fakes;

/// <summary>
/// An in-process API server holding three WorkloadProfiles, a kubeconfig for it, and `ktruth` run in process against it:
/// shop/Deployment/web (container app, recommended, throttled 12 % now, 0.8 % predicted), shop/StatefulSet/db (label
/// app=db, recommended) and billing/Deployment/api (measured, no recommendation yet).
/// </summary>
internal sealed class ProfileCluster : IAsyncDisposable
{
    private ProfileCluster(KubeTestServer server, string directory, string kubeconfig)
    {
        Server = server;
        Directory = directory;
        Kubeconfig = kubeconfig;
    }

    public KubeTestServer Server { get; }

    public string Directory { get; }

    public string Kubeconfig { get; }

    /// <summary>Starts the server; <paramref name="contextNamespace"/> is the kubeconfig context's namespace.</summary>
    public static async Task<ProfileCluster> StartAsync(KubeTestServerOptions? options = null, string contextNamespace = "default", bool seed = true)
    {
        var server = await KubeTestServer.StartAsync(options);
        string directory = System.IO.Directory.CreateTempSubdirectory("ktruth-get-").FullName;
        string kubeconfig = server.WriteKubeConfig(Path.Combine(directory, "kubeconfig"), token: server.IssueToken("alice", "system:authenticated"), @namespace: contextNamespace);
        if (seed)
        {
            server.Seed(KubeResources.WorkloadProfiles, Web);
            server.Seed(KubeResources.WorkloadProfiles, Db);
            server.Seed(KubeResources.WorkloadProfiles, Api);
        }

        return new ProfileCluster(server, directory, kubeconfig);
    }

    /// <summary>
    /// `ktruth ARGS --kubeconfig K` in process, through the same entry as the binary (so a command line that does not
    /// parse exits 2 here as it does there, not System.CommandLine's default 1): exit code, stdout and stderr.
    /// </summary>
    public (int Code, string Out, string Error) Ktruth(params string[] args)
    {
        var test = new TestEnvironment();
        int code = KtruthCommand.RunAsync(test.Env, [.. args, "--kubeconfig", Kubeconfig]).GetAwaiter().GetResult();
        return (code, test.Out.ToString(), test.Error.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static JsonObject Web => Profile("shop", "deployment-web-app", "Deployment", "web", "app", new JsonObject { ["team"] = "storefront" }, """
        {"lastUpdated":"2026-12-07T10:00:00Z","windowSeconds":93784,"pods":1,
         "measured":{"usageAverageCores":0.3,"demandCores":{"p50":0.3,"p95":0.6,"p99":0.9},"throttledPeriodsRatio":0.12,
                     "throttleWaitSeconds":{"p50":0.004,"p99":0.045},"contentionWaitSeconds":{"p50":0.001,"p99":0.003},"oomKills":0,"memoryPeakBytes":268435456,
                     "startup":{"starts":3,"readySeconds":{"p50":0.35,"p90":0.4},"cpuCoreSeconds":{"p50":1.2,"p90":1.3},"throttledSeconds":{"p50":0.6,"p90":0.7},
                                "warmupCpuCoreSeconds":{"p50":0.8,"p90":0.9},"warmupThrottledSeconds":{"p50":0.6,"p90":0.7}}},
         "current":{"cpuRequest":"1","cpuLimit":"1","memoryRequest":"1Gi"},
         "recommendation":{"cpuRequest":"500m","cpuLimit":"800m","memoryRequest":"512Mi","confidence":0.9,
                           "evidence":["request = p95 of demand over 60 s windows (0.6 cores) + 15% margin","limit = smallest meeting ≤ 1% throttled periods"],
                           "startup":{"throttled":true,"fix":"burst","cpuLimit":"800m","cpuBurstMicroseconds":80000,"readySeconds":0.35,"parallelCores":4,
                                      "predictedAtCurrentSeconds":0.35,"predictedAtRecommendedSeconds":0.45,"predictedWithBurstSeconds":0.29,"unthrottledSeconds":0.2,"predictedReadySeconds":0.29}},
         "baseline":{"cpuRequest":"350m","memoryRequest":"300Mi"},
         "predicted":{"cpuLimit":"800m","throttledPeriodsRatio":0.008,"throttleWaitP99Seconds":0.002,"source":"simulation",
                      "model":{"throttledPeriodsRatio":0.01,"throttleWaitP99Seconds":0.003}},
         "conditions":[{"type":"RecommendationProvided","status":"True","reason":"Measured"}]}
        """);

    private static JsonObject Db => Profile("shop", "statefulset-db-postgres", "StatefulSet", "db", "postgres", new JsonObject { ["app"] = "db" }, """
        {"windowSeconds":3600,"pods":2,"measured":{"usageAverageCores":1.5,"throttledPeriodsRatio":0},
         "current":{"cpuRequest":"2","memoryRequest":"4Gi"},
         "recommendation":{"cpuRequest":"2","memoryRequest":"4Gi","confidence":0.04}}
        """);

    private static JsonObject Api => Profile("billing", "deployment-api-server", "Deployment", "api", "server", new JsonObject { ["team"] = "payments" }, """
        {"windowSeconds":120,"pods":1,"measured":{"usageAverageCores":0.2,"throttledPeriodsRatio":0.5},"current":{"cpuRequest":"250m","cpuLimit":"250m"}}
        """);

    private static JsonObject Profile(string ns, string name, string kind, string workload, string container, JsonObject labels, string status) => new()
    {
        ["apiVersion"] = "ktruth.io/v1alpha1",
        ["kind"] = "WorkloadProfile",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = labels },
        ["spec"] = new JsonObject
        {
            ["targetRef"] = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = kind, ["name"] = workload },
            ["containerName"] = container,
        },
        ["status"] = JsonNode.Parse(status),
    };
}
