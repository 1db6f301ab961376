using KernelTruth.Cluster.Attribution;
using KernelTruth.Contracts.Cgroups;
using KernelTruth.Kubernetes.Resources;
using KernelTruth.NodeSensor.Pods;
using KernelTruth.NodeSensor.Prometheus;
using KernelTruth.NodeSensor.Tests.Prometheus;
using KernelTruth.Recommender.Routines;
using KernelTruth.Service;
using k8s.Models;

namespace KernelTruth.Deploy.Tests.Monitoring;

/// <summary>
/// What Prometheus would scrape in a cluster, from the real exporters: the sensor's /metrics (default layout) with a
/// pod container it has names for and kernel errors to report, and the leading recommender's /metrics after a cycle
/// with one WorkloadProfile and its demand forecast. Both pass promtool.
/// </summary>
internal static class Scrapes
{
    private const string Uid = "40469a73-bad4-4708-bd0b-0394f861f50a";
    private static readonly string ContainerId = new('a', 64);

    public static async Task<string> SensorAsync()
    {
        var pods = new NodePods(TimeProvider.System);
        pods.Upsert(Pod());
        var metrics = new SensorMetrics { Pods = pods };
        string path = $"/kubepods/burstable/pod{Uid}/{ContainerId}";
        metrics.Observe(MetricsSnapshots.Node(
            MetricsSnapshots.Cgroup(path, 2_000_000_000, [3, 0, 4, 1], 50_000, limitCores: 0.5) with { Identity = CgroupIdentityParser.Parse(path) }));
        await using var app = await MetricsApp.StartAsync(metrics);
        return await app.ScrapeAsync();
    }

    public static async Task<string> RecommenderAsync()
    {
        var state = new ServiceState();
        var index = PodIndex.Build([Pod()], (kind, ns, name) => kind == "ReplicaSet" ? new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = ns,
            OwnerReferences = [new V1OwnerReference { Kind = "Deployment", ApiVersion = "apps/v1", Name = "web", Uid = "d", Controller = true }],
        } : null);
        state.ExportRecommendations(() => (true, [Profile()], index));
        state.Recommendations.Forecasts = [new WorkloadForecast("shop/Deployment/web/app", 0.75, FromForecaster: false)]; // as the forecast sink leaves them after a loop
        state.Record(new LoopReport([], [], new IngestCounts(SensorsRead: 1, SensorsFailed: 1, Intervals: 0), TimeSpan.FromSeconds(1)), leader: true);
        state.AdapterAnswered(200);
        using var stream = new MemoryStream();
        await state.Metrics.CollectAndExportAsTextAsync(stream);
        string text = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        Promtool.AssertClean(text, "ktruth-recommender");
        return text;
    }

    /// <summary>The sample names of an exposition (a histogram's _bucket, _sum and _count each), and the label values of le.</summary>
    public static (HashSet<string> Names, HashSet<string> Les) Read(string exposition)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var les = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in exposition.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            int end = line.IndexOfAny(['{', ' ']);
            names.Add(line[..end]);
            var le = System.Text.RegularExpressions.Regex.Match(line, "[{,]le=\"([^\"]*)\"");
            if (le.Success)
            {
                les.Add(le.Groups[1].Value);
            }
        }

        return (names, les);
    }

    private static V1Pod Pod() => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "web-0",
            NamespaceProperty = "shop",
            Uid = Uid,
            OwnerReferences = [new V1OwnerReference { Kind = "ReplicaSet", ApiVersion = "apps/v1", Name = "web-5d4f8", Uid = "r", Controller = true }],
        },
        Spec = new V1PodSpec { NodeName = "node-a", Containers = [new V1Container { Name = "app" }] },
        Status = new V1PodStatus { Phase = "Running", ContainerStatuses = [new V1ContainerStatus { Name = "app", ContainerID = "containerd://" + ContainerId }] },
    };

    private static WorkloadProfile Profile() => new()
    {
        Metadata = new V1ObjectMeta { Name = "deployment-web-app", NamespaceProperty = "shop" },
        Spec = new WorkloadProfileSpec { TargetRef = new CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web" }, ContainerName = "app" },
        Status = new WorkloadProfileStatus
        {
            Measured = new ProfileMeasured { DemandCores = new ProfilePercentiles(0.2, 0.45, 0.55) },
            Current = new ProfileResources { CpuRequest = "100m", CpuLimit = "200m", MemoryRequest = "64Mi" },
            Recommendation = new ProfileRecommendation { CpuRequest = "250m", CpuLimit = "600m", MemoryRequest = "128Mi", Confidence = 0.75 },
        },
    };
}
