using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KernelTruth.Cluster.Attribution;
using KernelTruth.Cluster.Profiles;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.Contracts.Sources;
using KernelTruth.Kubernetes.Connection;
using KernelTruth.Kubernetes.Resources;
using KernelTruth.Recommender.Input;
using KernelTruth.Recommender.Logic;
using Microsoft.Extensions.Logging;

namespace KernelTruth.Cluster.Controllers;

/// <summary>
/// The recommender in a cluster, one <see cref="RunOnceAsync"/> per cycle: attribute (pods → index),
/// ingest (every sensor, concurrently, each within its timeout: a slow or missing sensor loses only its
/// node's data), then, on the leader only, write VPA statuses and WorkloadProfiles that changed. Every
/// object's failure is logged with its identity and retried next cycle; nothing else stops.
/// Not thread-safe: one cycle at a time.
/// </summary>
public sealed partial class ClusterRecommender
{
    private readonly IKubernetes _client;
    private readonly ClusterCache _cache;
    private readonly ClusterOptions _options;
    private readonly Func<bool> _isLeader;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ISensorApi _sensors;
    private readonly Dictionary<string, MeasuredWindow> _windows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WorkloadRef> _workloads = new(StringComparer.Ordinal);
    private readonly WriteGate _gate = new();
    private PodIndex _index = PodIndex.Empty;

    /// <param name="sensors">The sensors' API (<see cref="SensorApiRegistration.AddSensorApi"/>, with <see cref="ClusterOptions.SensorTimeout"/>).</param>
    public ClusterRecommender(IKubernetes client, ClusterCache cache, ISensorApi sensors, ClusterOptions options, Func<bool> isLeader, TimeProvider time, ILogger logger)
    {
        _client = client;
        _cache = cache;
        _options = options;
        _isLeader = isLeader;
        _time = time;
        _logger = logger;
        _sensors = sensors;
        Engine = new RecommenderEngine(logger, workloadKey: c => _index.KeyOf(c));
        Engine.IntervalAdded += OnInterval;
        _cache.Vpas.Deleted += v => _gate.Forget(VpaId(v));
        _cache.Profiles.Deleted += p => _gate.Deleted(ProfileId(p.Metadata?.NamespaceProperty, p.Metadata?.Name));
    }

    public RecommenderEngine Engine { get; }

    /// <summary>The pod index of the current cycle (immutable; replaced whole each cycle).</summary>
    public PodIndex Index => _index;

    /// <summary>
    /// Raised for every snapshot read this cycle, after the models had it: the hook for the metrics adapter
    /// (feed it to MetricsAdapterFeed.Ingest, attribute with <see cref="Index"/>, Publish when the cycle ends).
    /// </summary>
    public event Action<NodeSnapshot>? SnapshotIngested;

    public async Task<CycleReport> RunOnceAsync(CancellationToken ct)
    {
        _index = _cache.BuildIndex();
        var (read, failed) = await ReadSensorsAsync(ct).ConfigureAwait(false);
        int intervals = 0;
        foreach (var snapshot in read.OrderBy(s => s.TakenAtUnixNs))
        {
            try
            {
                intervals += Engine.Ingest(snapshot);
                SnapshotIngested?.Invoke(snapshot);
            }
            catch (SnapshotRejectedException ex)
            {
                Log.SnapshotRejected(_logger, snapshot.Node ?? "", ex.Message);
            }
        }

        var report = new CycleReport { SensorsRead = read.Count, SensorsFailed = failed, Intervals = intervals, Leader = _isLeader() };
        if (!report.Leader)
        {
            return report;
        }

        var now = _time.GetUtcNow();
        var vpa = await SyncVpasAsync(now, ct).ConfigureAwait(false);
        var profiles = await SyncProfilesAsync(now, ct).ConfigureAwait(false);
        return report with { VpasOwned = vpa.Owned, VpaWrites = vpa.Writes, ProfileWrites = profiles.Writes, ApiErrors = vpa.Errors + profiles.Errors };
    }

    private async Task<(List<NodeSnapshot> Read, int Failed)> ReadSensorsAsync(CancellationToken ct)
    {
        var sensors = SensorDiscovery.Find(_cache.Pods.List(), _options);
        var reads = sensors.Select(async s =>
        {
            try
            {
                return await new HttpSnapshotSource(_sensors, s.Url).ReadAsync(ct).ConfigureAwait(false);
            }
            catch (SnapshotSourceException ex)
            {
                Log.SensorFailed(_logger, s.Node, s.Url, ex.Message);
                return null;
            }
        });
        var results = await Task.WhenAll(reads).ConfigureAwait(false);
        return ([.. results.OfType<NodeSnapshot>()], results.Count(r => r is null));
    }

    private void OnInterval(string key, CgroupSnapshot cgroup, Models.Input.WorkloadInterval interval)
    {
        if (_index.Attribute(cgroup.Identity) is not { } who)
        {
            return;
        }

        _workloads[key] = who.Workload;
        if (!_windows.TryGetValue(key, out var window))
        {
            _windows[key] = window = new MeasuredWindow();
        }

        window.Add(who.PodUid, interval);
    }

    /// <summary>Requests/limits per container from the workload's first live pod (sorted by name).</summary>
    private static Dictionary<string, CurrentResources> CurrentOf(IReadOnlyList<V1Pod> pods) =>
        pods.FirstOrDefault()?.Spec?.Containers?.Where(c => c.Name is not null).ToDictionary(c => c.Name!, CurrentResources.Of, StringComparer.Ordinal) ?? [];

    private IEnumerable<string> ContainersWithHistory(WorkloadRef workload) =>
        Engine.Workloads.Where(k => k.StartsWith(workload.KeyPrefix, StringComparison.Ordinal)).Select(k => k[workload.KeyPrefix.Length..]);

    /// <summary>
    /// Writes status through the status subresource as the stock VPA recommender does: a JSON patch that adds
    /// /status whole (add replaces an existing member), so nothing outside status can change.
    /// </summary>
    private async Task<bool> PatchStatusAsync(CustomResource resource, string ns, string name, string status, CancellationToken ct)
    {
        try
        {
            var patch = new JsonArray(new JsonObject { ["op"] = "add", ["path"] = "/status", ["value"] = JsonNode.Parse(status) });
            await _client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
                new V1Patch(patch.ToJsonString(), V1Patch.PatchType.JsonPatch), resource.Group, resource.Version, ns, resource.Plural, name, cancellationToken: ct).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ApiErrors.IsApiFailure(ex, ct))
        {
            Log.WriteFailed(_logger, resource.Kind, ns, name, ApiErrors.Describe(ex));
            return false;
        }
    }

    /// <summary>Status as the API client writes it: what is compared to decide whether anything changed.</summary>
    private static string Json<T>(T value) => KubernetesJson.Serialize(value);

    private static string VpaId(VerticalPodAutoscaler v) => $"vpa/{v.Metadata?.NamespaceProperty}/{v.Metadata?.Name}";

    private static string ProfileId(string? ns, string? name) => $"ktp/{ns}/{name}";
}
