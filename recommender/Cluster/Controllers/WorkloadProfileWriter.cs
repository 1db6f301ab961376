using System.Collections.Concurrent;
using System.Globalization;
using k8s;
using KernelTruth.Cluster.Attribution;
using KernelTruth.Cluster.Configuration;
using KernelTruth.Cluster.Input;
using KernelTruth.Cluster.Profiles;
using KernelTruth.Cluster.Vpa;
using KernelTruth.Kubernetes.Connection;
using KernelTruth.Kubernetes.Resources;
using KernelTruth.Models.Recommendations;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Output;
using Microsoft.Extensions.Logging;

namespace KernelTruth.Cluster.Controllers;

/// <summary>
/// The sink that keeps one WorkloadProfile per workload container this process has measured: created when missing,
/// its status written at once when something a reader acts on changed, else at most once per
/// <see cref="ClusterOptions.ProfileRefresh"/> (<see cref="ProfileRefreshGate"/>; lastUpdated alone is no change). One profile's
/// failure is logged with its workload and counted; the others carry on and the next loop tries again. Writes to the
/// API server, so it is registered behind <see cref="LeaderOnlySink"/>.
/// <para>
/// A profile goes with its model: when the loop drops a workload's model (no data for the idle time, or its workload
/// gone), the profile this writer kept for it is deleted, so the cluster does not keep profiles of workloads the
/// recommender has forgotten. Profiles nobody here keeps (left by a replica that led before, or by a run before a
/// restart, for a workload deleted meanwhile) are swept every <see cref="SweepInterval"/>: one whose workload has no
/// model here and that was last updated (else created) longer ago than the model idle time is deleted too. No model
/// can be behind it: a modelled workload's profile is refreshed every <see cref="ClusterOptions.ProfileRefresh"/>.
/// </para>
/// </summary>
public sealed partial class WorkloadProfileWriter : ILoopSink
{
    public const string SinkName = "workload-profiles";

    private readonly ClusterCache _cache;
    private readonly CurrentPods _pods;
    private readonly WorkloadWindows _windows;
    private readonly StatusWriter _writer;
    private readonly VpaOptions _options;
    private readonly ILogger _logger;
    private readonly ProfileRefreshGate _gate;
    private readonly CachedStatusDigests<WorkloadProfileStatus> _cached = new(ProfileRefreshGate.Content);

    // The informers raise Deleted on their own thread; the gate is the loop's alone, so deletions wait here for the next loop.
    private readonly ConcurrentQueue<string> _deleted = new();
    private long _desiredSerialised;
    private readonly TimeSpan _modelIdleTtl;
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    /// <summary>How often (loop clock) profiles nobody keeps are looked for: the idle time is days, minutes late is nothing.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(10);

    /// <summary>The profile kept for each workload key this writer has had something to say for.</summary>
    private readonly Dictionary<string, (string Namespace, string Name)> _kept = new(StringComparer.Ordinal);

    /// <param name="modelIdleTtl">The loop's model idle time (<c>--model-idle-ttl</c>): a profile not updated for longer, with no model here, is swept.</param>
    internal WorkloadProfileWriter(ClusterCache cache, CurrentPods pods, WorkloadWindows windows, StatusWriter writer, ClusterOptions options, TimeSpan modelIdleTtl, ILogger logger)
    {
        _modelIdleTtl = modelIdleTtl;
        _cache = cache;
        _pods = pods;
        _windows = windows;
        _writer = writer;
        _options = options.Vpa;
        _gate = new ProfileRefreshGate(options.ProfileRefresh);
        _logger = logger;
        _cache.Profiles.Deleted += p => _deleted.Enqueue(Id(p.Metadata?.NamespaceProperty, p.Metadata?.Name));
    }

    public string Name => SinkName;

    /// <summary>
    /// Profile statuses serialised since this writer was made, ours and the cache's: the seam a test counts a loop's
    /// work with. A loop over N profiles of which C changed in the cache since the last loop serialises N + C.
    /// </summary>
    internal long Serialised => _desiredSerialised + _cached.Serialised;

    /// <returns>
    /// Items: profiles this loop had something to say for; Writes: profiles written or deleted; Errors: profiles that
    /// failed; Deferred: profiles whose change waits for their refresh.
    /// </returns>
    public async Task<SinkResult> WriteAsync(LoopOutput output, CancellationToken cancellationToken)
    {
        while (_deleted.TryDequeue(out string? gone))
        {
            _gate.Deleted(gone);
        }

        int items = 0, writes = 0, errors = 0, deferred = 0;
        var vpas = OwnedVpasByTarget();
        foreach (var key in output.Models.Workloads)
        {
            if (_windows.Find(key) is not { } measured || !WorkloadRef.TryParseKey(key, out _, out _, out _, out var container))
            {
                continue; // restored from a checkpoint and not seen since: nothing current to say
            }

            WorkloadProfile desired;
            try
            {
                if (Build(measured.Workload, container, key, measured.Window, output.Models, output.At, vpas) is not { } built)
                {
                    continue;
                }

                desired = built;
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or ArithmeticException)
            {
                Log.ProfileFailed(_logger, key, ex);
                errors++;
                continue;
            }

            items++;
            if (!_writer.MayWrite)
            {
                return _writer.Deposed(SinkName, items, writes, errors) with { Deferred = deferred };
            }

            _kept[key] = (desired.Metadata.NamespaceProperty, desired.Metadata.Name);
            var (wrote, failed, held) = await WriteAsync(desired, output.At, cancellationToken).ConfigureAwait(false);
            writes += wrote ? 1 : 0;
            errors += failed ? 1 : 0;
            deferred += held ? 1 : 0;
        }

        foreach (var (key, profile) in DroppedProfiles(output.Models.Workloads))
        {
            if (!_writer.MayWrite)
            {
                return _writer.Deposed(SinkName, items, writes, errors) with { Deferred = deferred };
            }

            bool deleted = await DeleteAsync(key, profile.Namespace, profile.Name, cancellationToken).ConfigureAwait(false);
            writes += deleted ? 1 : 0;
            errors += deleted ? 0 : 1;
        }

        if (output.At >= _nextSweep)
        {
            _nextSweep = output.At + SweepInterval;
            foreach (var (key, profile) in UnkeptProfiles(output.Models.Workloads, output.At))
            {
                if (!_writer.MayWrite)
                {
                    return _writer.Deposed(SinkName, items, writes, errors) with { Deferred = deferred };
                }

                bool deleted = await DeleteAsync(key, profile.Namespace, profile.Name, cancellationToken).ConfigureAwait(false);
                writes += deleted ? 1 : 0;
                errors += deleted ? 0 : 1; // and tried again at the next sweep
            }
        }

        return new SinkResult(items, writes, errors, Deferred: deferred);
    }

    /// <summary>
    /// Cached profiles of workloads with no model here, not kept by this writer, last updated (else created) longer ago
    /// than the model idle time. One that cannot be dated is left alone. Example: idle time 8 days, a profile last
    /// updated 9 days ago for a Deployment deleted while the recommender restarted ⇒ swept.
    /// </summary>
    private List<(string Key, (string Namespace, string Name) Profile)> UnkeptProfiles(IReadOnlyCollection<string> modelled, DateTimeOffset now)
    {
        var live = modelled.ToHashSet(StringComparer.Ordinal);
        var unkept = new List<(string, (string, string))>();
        foreach (var profile in _cache.Profiles.List())
        {
            if (profile.Metadata is not { NamespaceProperty: { } ns, Name: { } name }
                || profile.Spec is not { TargetRef: { Kind: { } kind, Name: { } target } targetRef, ContainerName: { } container })
            {
                continue; // not one we could have written: left alone
            }

            string key = new WorkloadRef(ns, targetRef.ApiVersion ?? "", kind, target).Key(container);
            DateTimeOffset? updated = DateTimeOffset.TryParse(profile.Status?.LastUpdated, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at
                : profile.Metadata.CreationTimestamp is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) : null;
            if (!live.Contains(key) && !_kept.ContainsKey(key) && updated is { } last && now - last > _modelIdleTtl)
            {
                unkept.Add((key, (ns, name)));
            }
        }

        return [.. unkept.OrderBy(u => u.Item1, StringComparer.Ordinal)];
    }

    /// <summary>Kept profiles whose workload has no model any more, unless a workload that still has one shares the name.</summary>
    private List<(string Key, (string Namespace, string Name) Profile)> DroppedProfiles(IReadOnlyCollection<string> modelled)
    {
        var live = modelled.ToHashSet(StringComparer.Ordinal);
        var stillKept = _kept.Where(k => live.Contains(k.Key)).Select(k => k.Value).ToHashSet();
        return [.. _kept.Where(k => !live.Contains(k.Key) && !stillKept.Contains(k.Value)).Select(k => (k.Key, k.Value)).OrderBy(k => k.Key, StringComparer.Ordinal)];
    }

    /// <returns>True when the profile is gone (deleted now, or already); false when the API failed (tried again next loop).</returns>
    private async Task<bool> DeleteAsync(string key, string ns, string name, CancellationToken ct)
    {
        try
        {
            await _writer.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(
                WorkloadProfile.Resource.Group, WorkloadProfile.Resource.Version, ns, WorkloadProfile.Resource.Plural, name, cancellationToken: ct).ConfigureAwait(false);
            Log.ProfileDeleted(_logger, ns, name, key);
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
            // deleted by hand, or by a replica that led meanwhile: what was asked is done
        }
        catch (Exception ex) when (ApiErrors.IsApiFailure(ex, ct))
        {
            _writer.WriteFailed(WorkloadProfile.Resource.Kind, ns, name, ex);
            return false;
        }

        _kept.Remove(key);
        _gate.Deleted(Id(ns, name)); // if the workload comes back, its profile is created again
        return true;
    }

    private WorkloadProfile? Build(WorkloadRef workload, string container, string key, MeasuredWindow window, IModelView models, DateTimeOffset now, Dictionary<(string, string, string), VerticalPodAutoscaler> vpas)
    {
        var current = CurrentResources.ByContainer(_pods.Index.PodsOf(workload));
        var policy = PolicyFor(vpas.GetValueOrDefault((workload.Namespace, workload.Kind, workload.Name)), container, current);
        if (models.Recommend(key, policy, now) is not { } recommendation)
        {
            return null;
        }

        var demand = (models.DemandCores(key, 0.5) ?? 0, models.DemandCores(key, 0.95) ?? 0, models.DemandCores(key, 0.99) ?? 0);
        var previous = _cache.Profiles.Get(workload.Namespace, ProfileNaming.Name(workload, container))?.Status?.Conditions;
        var inputs = new ProfileInputs(workload, container, recommendation, window, demand, current.GetValueOrDefault(container) ?? CurrentResources.None, models.PredictedEffect(key, recommendation), models.Startup(key), models.Forecast(key));
        return WorkloadProfileBuilder.Build(inputs, previous, _options.LowConfidenceBelowDays, now);
    }

    /// <summary>
    /// The VPAs that name us, by the (namespace, kind, name) they target; the first in the cache's order (namespace/name)
    /// when several target one workload. Made once a loop: looked up per profile, the cache's sorted list cost
    /// O(VPAs · log VPAs) for every workload container.
    /// </summary>
    private Dictionary<(string, string, string), VerticalPodAutoscaler> OwnedVpasByTarget()
    {
        var byTarget = new Dictionary<(string, string, string), VerticalPodAutoscaler>();
        foreach (var vpa in _cache.Vpas.List())
        {
            if (_options.Owns(vpa) && vpa.Metadata?.NamespaceProperty is { } ns && vpa.Spec?.TargetRef is { Kind: { } kind, Name: { } name })
            {
                byTarget.TryAdd((ns, kind, name), vpa);
            }
        }

        return byTarget;
    }

    /// <summary>The policy of the VPA that owns this workload (so the profile shows what the VPA gets), else the defaults with the pod's limit/request ratio.</summary>
    private RecommendationPolicy PolicyFor(VerticalPodAutoscaler? vpa, string container, Dictionary<string, CurrentResources> current)
    {
        var containers = current.Keys.Append(container).ToHashSet(StringComparer.Ordinal);
        var (plans, _) = ContainerPolicyResolver.Resolve(vpa?.Spec, containers, current, _options.Policy);
        return plans.FirstOrDefault(p => p.Container == container)?.Policy
            ?? ContainerPolicyResolver.Resolve(null, containers, current, _options.Policy).Plans.First(p => p.Container == container).Policy;
    }

    private async Task<(bool Wrote, bool Failed, bool Deferred)> WriteAsync(WorkloadProfile desired, DateTimeOffset now, CancellationToken ct)
    {
        string ns = desired.Metadata.NamespaceProperty, name = desired.Metadata.Name;
        string id = Id(ns, name);
        var cached = _cache.Profiles.Get(ns, name);

        // Ours is serialised once a loop (the patch is made from the same text); the cache's only when the cache holds a new one.
        string content = ProfileRefreshGate.Content(desired.Status!);
        _desiredSerialised++;
        var digest = ContentDigest.Of(content);
        var cachedDigest = _cached.Of(cached?.Status);
        var why = _gate.Decide(id, digest, cachedDigest, desired.Status!, cached?.Status, now);
        if (why is ProfileWrite.Unchanged or ProfileWrite.Deferred)
        {
            return (false, false, why == ProfileWrite.Deferred);
        }

        try
        {
            if (cached is null && !_gate.Created(id))
            {
                // Created without status (the status subresource would drop it anyway), then status is written as for VPAs.
                var create = desired with { Status = null };
                using var profiles = new GenericClient(_writer.Client, WorkloadProfile.Resource.Group, WorkloadProfile.Resource.Version, WorkloadProfile.Resource.Plural, disposeClient: false);
                await profiles.CreateNamespacedAsync(create, ns, ct).ConfigureAwait(false);
                _gate.MarkCreated(id);
            }
        }
        catch (Exception ex) when (ApiErrors.IsAlreadyExists(ex))
        {
            _gate.MarkCreated(id); // made by us before a restart, or by the other replica when it led: write its status
        }
        catch (Exception ex) when (ApiErrors.IsApiFailure(ex, ct))
        {
            _writer.WriteFailed(WorkloadProfile.Resource.Kind, ns, name, ex);
            return (false, true, false);
        }

        if (!await _writer.PatchStatusAsync(WorkloadProfile.Resource, ns, name, ProfileRefreshGate.StatusText(content, desired.Status!.LastUpdated), ct).ConfigureAwait(false))
        {
            _gate.Forget(id);
            return (false, true, false);
        }

        _gate.Written(id, digest, desired.Status, now);
        Log.ProfileWritten(_logger, ns, name, why);
        return (true, false, false);
    }

    private static string Id(string? ns, string? name) => $"ktp/{ns}/{name}";

    private static partial class Log
    {
        [LoggerMessage(EventId = 4106, Level = LogLevel.Information, Message = "WorkloadProfile {Namespace}/{Name} written ({Why})")]
        public static partial void ProfileWritten(ILogger logger, string @namespace, string name, ProfileWrite why);

        [LoggerMessage(EventId = 4109, Level = LogLevel.Information, Message = "WorkloadProfile {Namespace}/{Name} deleted: the model of workload {Workload} was dropped")]
        public static partial void ProfileDeleted(ILogger logger, string @namespace, string name, string workload);

        [LoggerMessage(EventId = 4108, Level = LogLevel.Error, Message = "Workload {Workload}: could not build its profile; the others carry on")]
        public static partial void ProfileFailed(ILogger logger, string workload, Exception ex);
    }
}
