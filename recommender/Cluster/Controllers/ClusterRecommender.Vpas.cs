using KernelTruth.Cluster.Attribution;
using KernelTruth.Cluster.Vpa;
using KernelTruth.Kubernetes.Resources;

namespace KernelTruth.Cluster.Controllers;

public sealed partial class ClusterRecommender
{
    /// <summary>Every VPA that names us gets the status its spec and our models give, written when it changed.</summary>
    private async Task<(int Owned, int Writes, int Errors)> SyncVpasAsync(DateTimeOffset now, CancellationToken ct)
    {
        int owned = 0, writes = 0, errors = 0;
        var vpas = _cache.Vpas.List().Where(_options.Vpa.Owns).OrderBy(v => v.Metadata?.NamespaceProperty, StringComparer.Ordinal).ThenBy(v => v.Metadata?.Name, StringComparer.Ordinal);
        foreach (var vpa in vpas)
        {
            owned++;
            string ns = vpa.Metadata?.NamespaceProperty ?? "", name = vpa.Metadata?.Name ?? "";
            VpaStatusResult result;
            try
            {
                result = BuildVpaStatus(vpa, now);
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

            string desired = Json(result.Status);
            string? cached = vpa.Status is null ? null : Json(vpa.Status);
            string id = VpaId(vpa);
            if (!_gate.ShouldWrite(id, desired, cached))
            {
                continue;
            }

            if (await PatchStatusAsync(VerticalPodAutoscaler.Resource, ns, name, desired, ct).ConfigureAwait(false))
            {
                _gate.Written(id, desired);
                Log.VpaWritten(_logger, ns, name, result.Status.Recommendation?.ContainerRecommendations?.Count ?? 0);
                writes++;
            }
            else
            {
                _gate.Forget(id);
                errors++;
            }
        }

        return (owned, writes, errors);
    }

    private VpaStatusResult BuildVpaStatus(VerticalPodAutoscaler vpa, DateTimeOffset now)
    {
        string ns = vpa.Metadata?.NamespaceProperty ?? "";
        var target = vpa.Spec?.TargetRef;
        if (target?.Kind is not { Length: > 0 } kind || target.Name is not { Length: > 0 } targetName)
        {
            // The CRD requires targetRef; a hand-edited object without one still gets a condition, not a crash.
            var none = new VpaInputs($"VPA {ns}/{vpa.Metadata?.Name} (no targetRef)", 0, [], new Dictionary<string, CurrentResources>(), (_, _) => null);
            return VpaStatusBuilder.Build(vpa, none, _options.Vpa, now);
        }

        var workload = _index.Find(ns, kind, targetName) ?? new WorkloadRef(ns, target.ApiVersion ?? "", kind, targetName);
        var pods = _index.PodsOf(workload);
        var current = CurrentOf(pods);
        var containers = current.Keys.Union(ContainersWithHistory(workload), StringComparer.Ordinal).ToList();
        var inputs = new VpaInputs($"{kind} {ns}/{targetName}", pods.Count, containers, current, (container, policy) => Engine.Recommend(workload.Key(container), policy, now));
        return VpaStatusBuilder.Build(vpa, inputs, _options.Vpa, now);
    }
}
