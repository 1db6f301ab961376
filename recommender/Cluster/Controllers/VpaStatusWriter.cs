using System.Collections.Concurrent;
using KernelTruth.Cluster.Attribution;
using KernelTruth.Cluster.Configuration;
using KernelTruth.Cluster.Input;
using KernelTruth.Cluster.Vpa;
using KernelTruth.Kubernetes.Resources;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Output;
using Microsoft.Extensions.Logging;

namespace KernelTruth.Cluster.Controllers;

/// <summary>
/// The sink that owns VPA statuses: every VPA whose spec.recommenders names us gets the status its spec and our models
/// give (<see cref="VpaStatusBuilder"/>), written when it changed (<see cref="WriteGate"/>). One VPA's failure — a
/// status that cannot be built, an API error — is logged with its name and counted; the others carry on and the next
/// loop tries again. Writes to the API server, so it is registered behind <see cref="LeaderOnlySink"/>.
/// </summary>
public sealed partial class VpaStatusWriter : ILoopSink
{
    public const string SinkName = "vpa-status";

    private readonly ClusterCache _cache;
    private readonly CurrentPods _pods;
    private readonly StatusWriter _writer;
    private readonly VpaOptions _options;
    private readonly ILogger _logger;
    private readonly WriteGate _gate = new();
    private readonly CachedStatusDigests<VpaStatus> _cached = new(StatusWriter.Json);

    // The informers raise Deleted on their own thread; the gate is the loop's alone, so deletions wait here for the next loop.
    private readonly ConcurrentQueue<string> _deleted = new();
    private long _desiredSerialised;

    internal VpaStatusWriter(ClusterCache cache, CurrentPods pods, StatusWriter writer, ClusterOptions options, ILogger logger)
    {
        _cache = cache;
        _pods = pods;
        _writer = writer;
        _options = options.Vpa;
        _logger = logger;
        _cache.Vpas.Deleted += v => _deleted.Enqueue(Id(v));
    }

    public string Name => SinkName;

    /// <summary>
    /// VPA statuses serialised since this writer was made, ours and the cache's: the seam a test counts a loop's work
    /// with. A loop over N owned VPAs of which C changed in the cache since the last loop serialises N + C.
    /// </summary>
    internal long Serialised => _desiredSerialised + _cached.Serialised;

    /// <returns>Items: VPAs that name us; Writes: statuses written; Errors: VPAs whose status could not be built or written.</returns>
    public async Task<SinkResult> WriteAsync(LoopOutput output, CancellationToken cancellationToken)
    {
        while (_deleted.TryDequeue(out string? gone))
        {
            _gate.Forget(gone);
        }

        int owned = 0, writes = 0, errors = 0;
        var vpas = _cache.Vpas.List().Where(_options.Owns).OrderBy(v => v.Metadata?.NamespaceProperty, StringComparer.Ordinal).ThenBy(v => v.Metadata?.Name, StringComparer.Ordinal);
        var modelled = ContainersByWorkload(output.Models.Workloads);
        foreach (var vpa in vpas)
        {
            owned++;
            string ns = vpa.Metadata?.NamespaceProperty ?? "", name = vpa.Metadata?.Name ?? "";
            VpaStatusResult result;
            try
            {
                result = Build(vpa, output.Models, modelled, output.At);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or ArithmeticException)
            {
                Log.VpaFailed(_logger, ns, name, ex);
                errors++;
                continue;
            }

            if (result.Problems.Count > 0)
            {
                Log.VpaPolicyProblems(_logger, ns, name, string.Join("; ", result.Problems));
            }

            // Our status is serialised every loop (the models move); the cache's only when the cache holds a new one.
            string desired = StatusWriter.Json(result.Status);
            _desiredSerialised++;
            var desiredDigest = ContentDigest.Of(desired);
            string id = Id(vpa);
            string? version = vpa.Metadata?.ResourceVersion;
            var cached = _cached.Of(vpa.Status);
            if (!_gate.ShouldWrite(id, desiredDigest, cached, version))
            {
                continue;
            }

            if (!_writer.MayWrite)
            {
                return _writer.Deposed(SinkName, owned, writes, errors);
            }

            if (await _writer.PatchStatusAsync(VerticalPodAutoscaler.Resource, ns, name, desired, cancellationToken).ConfigureAwait(false))
            {
                _gate.Written(id, desiredDigest, version);
                Log.VpaWritten(_logger, ns, name, result.Status.Recommendation?.ContainerRecommendations?.Count ?? 0);
                writes++;
            }
            else
            {
                _gate.Forget(id);
                errors++;
            }
        }

        return new SinkResult(owned, writes, errors);
    }

    /// <summary>
    /// The containers with a model, by their workload's key prefix ("shop/Deployment/web/" → app, sidecar). Made once a
    /// loop: a scan of every model's key for each VPA cost O(VPAs · models).
    /// </summary>
    private static Dictionary<string, List<string>> ContainersByWorkload(IReadOnlyCollection<string> keys)
    {
        var byPrefix = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (string key in keys)
        {
            int last = key.LastIndexOf('/');
            if (last > 0)
            {
                string prefix = key[..(last + 1)];
                if (!byPrefix.TryGetValue(prefix, out var containers))
                {
                    byPrefix[prefix] = containers = [];
                }

                containers.Add(key[(last + 1)..]);
            }
        }

        return byPrefix;
    }

    private VpaStatusResult Build(VerticalPodAutoscaler vpa, IModelView models, Dictionary<string, List<string>> modelled, DateTimeOffset now)
    {
        string ns = vpa.Metadata?.NamespaceProperty ?? "";
        var target = vpa.Spec?.TargetRef;
        if (target?.Kind is not { Length: > 0 } kind || target.Name is not { Length: > 0 } targetName)
        {
            // The CRD requires targetRef; a hand-edited object without one still gets a condition, not a crash.
            var none = new VpaInputs($"VPA {ns}/{vpa.Metadata?.Name} (no targetRef)", 0, [], new Dictionary<string, CurrentResources>(), (_, _) => null);
            return VpaStatusBuilder.Build(vpa, none, _options, now);
        }

        var index = _pods.Index;
        var workload = index.Find(ns, kind, targetName) ?? new WorkloadRef(ns, target.ApiVersion ?? "", kind, targetName);
        var pods = index.PodsOf(workload);
        var current = CurrentResources.ByContainer(pods);
        var withHistory = modelled.GetValueOrDefault(workload.KeyPrefix) ?? [];
        var containers = current.Keys.Union(withHistory, StringComparer.Ordinal).ToList();
        var inputs = new VpaInputs($"{kind} {ns}/{targetName}", pods.Count, containers, current, (container, policy) => models.Recommend(workload.Key(container), policy, now));
        return VpaStatusBuilder.Build(vpa, inputs, _options, now);
    }

    private static string Id(VerticalPodAutoscaler v) => $"vpa/{v.Metadata?.NamespaceProperty}/{v.Metadata?.Name}";

    private static partial class Log
    {
        [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "VPA {Namespace}/{Name}: resource policy problems: {Problems}")]
        public static partial void VpaPolicyProblems(ILogger logger, string @namespace, string name, string problems);

        [LoggerMessage(EventId = 4105, Level = LogLevel.Information, Message = "VPA {Namespace}/{Name}: status written ({Containers} container recommendations)")]
        public static partial void VpaWritten(ILogger logger, string @namespace, string name, int containers);

        [LoggerMessage(EventId = 4107, Level = LogLevel.Error, Message = "VPA {Namespace}/{Name}: could not build its status; the others carry on")]
        public static partial void VpaFailed(ILogger logger, string @namespace, string name, Exception ex);
    }
}
