using k8s;
using KernelTruth.Cluster.Attribution;
using KernelTruth.Cluster.Profiles;
using KernelTruth.Cluster.Vpa;
using KernelTruth.Kubernetes.Connection;
using KernelTruth.Kubernetes.Resources;
using KernelTruth.Models.Recommendations;

namespace KernelTruth.Cluster.Controllers;

public sealed partial class ClusterRecommender
{
    /// <summary>One WorkloadProfile per workload container with history: created when missing, its status written when it changed.</summary>
    private async Task<(int Writes, int Errors)> SyncProfilesAsync(DateTimeOffset now, CancellationToken ct)
    {
        int writes = 0, errors = 0;
        foreach (var key in Engine.Workloads)
        {
            if (!_workloads.TryGetValue(key, out var workload) || !WorkloadRef.TryParseKey(key, out _, out _, out _, out var container))
            {
                continue; // restored from a checkpoint and not seen since: nothing current to say
            }

            WorkloadProfile desired;
            try
            {
                if (BuildProfile(workload, container, key, now) is not { } built)
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

            var (wrote, failed) = await WriteProfileAsync(desired, ct).ConfigureAwait(false);
            writes += wrote ? 1 : 0;
            errors += failed ? 1 : 0;
        }

        return (writes, errors);
    }

    private WorkloadProfile? BuildProfile(WorkloadRef workload, string container, string key, DateTimeOffset now)
    {
        var pods = _index.PodsOf(workload);
        var current = CurrentOf(pods);
        var policy = PolicyFor(workload, container, current);
        if (Engine.Recommend(key, policy, now) is not { } recommendation)
        {
            return null;
        }

        var demand = (Engine.DemandCores(key, 0.5) ?? 0, Engine.DemandCores(key, 0.95) ?? 0, Engine.DemandCores(key, 0.99) ?? 0);
        string name = ProfileNaming.Name(workload, container);
        var previous = _cache.Profiles.Get(workload.Namespace, name)?.Status?.Conditions;
        var inputs = new ProfileInputs(workload, container, recommendation, _windows.GetValueOrDefault(key) ?? new MeasuredWindow(), demand, current.GetValueOrDefault(container) ?? CurrentResources.None, Engine.PredictedEffect(key, recommendation));
        return WorkloadProfileBuilder.Build(inputs, previous, _options.Vpa.LowConfidenceBelowDays, now);
    }

    /// <summary>The policy of the VPA that owns this workload (so the profile shows what the VPA gets), else the defaults with the pod's limit/request ratio.</summary>
    private RecommendationPolicy PolicyFor(WorkloadRef workload, string container, Dictionary<string, CurrentResources> current)
    {
        var vpa = _cache.Vpas.List().FirstOrDefault(v => _options.Vpa.Owns(v) && v.Metadata?.NamespaceProperty == workload.Namespace
            && v.Spec?.TargetRef?.Kind == workload.Kind && v.Spec.TargetRef.Name == workload.Name);
        var containers = current.Keys.Append(container).ToHashSet(StringComparer.Ordinal);
        var (plans, _) = ContainerPolicyResolver.Resolve(vpa?.Spec, containers, current, _options.Vpa.Policy);
        return plans.FirstOrDefault(p => p.Container == container)?.Policy
            ?? ContainerPolicyResolver.Resolve(null, containers, current, _options.Vpa.Policy).Plans.First(p => p.Container == container).Policy;
    }

    private async Task<(bool Wrote, bool Failed)> WriteProfileAsync(WorkloadProfile desired, CancellationToken ct)
    {
        string ns = desired.Metadata.NamespaceProperty, name = desired.Metadata.Name;
        string id = ProfileId(ns, name);
        var cached = _cache.Profiles.Get(ns, name);

        // lastUpdated alone is not a change: it would make every cycle a write.
        var comparable = desired.Status! with { LastUpdated = cached?.Status?.LastUpdated };
        string desiredJson = Json(comparable);
        string? cachedJson = cached?.Status is null ? null : Json(cached.Status);
        if (!_gate.ShouldWrite(id, desiredJson, cachedJson))
        {
            return (false, false);
        }

        try
        {
            if (cached is null && !_gate.Created(id))
            {
                // Created without status (the status subresource would drop it anyway), then status is written as for VPAs.
                var create = desired with { Status = null };
                using var profiles = new GenericClient(_client, WorkloadProfile.Resource.Group, WorkloadProfile.Resource.Version, WorkloadProfile.Resource.Plural, disposeClient: false);
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
            Log.WriteFailed(_logger, WorkloadProfile.Resource.Kind, ns, name, ApiErrors.Describe(ex));
            return (false, true);
        }

        if (!await PatchStatusAsync(WorkloadProfile.Resource, ns, name, Json(desired.Status!), ct).ConfigureAwait(false))
        {
            _gate.Forget(id);
            return (false, true);
        }

        _gate.Written(id, desiredJson);
        Log.ProfileWritten(_logger, ns, name);
        return (true, false);
    }
}
