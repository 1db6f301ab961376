using KernelTruth.Cluster.Attribution;
using KernelTruth.Contracts.Units;
using KernelTruth.Kubernetes.Resources;
using KernelTruth.Models.Recommendations;

namespace KernelTruth.Cluster.Vpa;

/// <summary>
/// Turns a VPA's resourcePolicy into one plan per container, as the stock VPA reads it: the policy
/// named after the container, else the "*" policy, else defaults (Auto, cpu and memory,
/// RequestsAndLimits). mode Off and an empty controlledResources leave the container out. Anything we
/// cannot honour exactly — an unknown mode or controlledValues, a resource other than cpu/memory, a
/// quantity that does not parse, min above max, a policy for a container the pods do not have — is a
/// problem: reported (the caller sets a condition and logs it) and the container it applies to is left
/// out rather than recommended under rules it did not ask for. Never throws on user input.
/// </summary>
public static class ContainerPolicyResolver
{
    public const string AnyContainer = "*";

    public static (IReadOnlyList<ContainerPlan> Plans, IReadOnlyList<string> Problems) Resolve(
        VpaSpec? spec,
        IReadOnlyCollection<string> containers,
        IReadOnlyDictionary<string, CurrentResources> current,
        RecommendationPolicy basePolicy)
    {
        var problems = new List<string>();
        var policies = new Dictionary<string, VpaContainerPolicy>(StringComparer.Ordinal);
        var list = spec?.ResourcePolicy?.ContainerPolicies ?? [];
        for (int i = 0; i < list.Count; i++)
        {
            var p = list[i];
            if (p is null || string.IsNullOrEmpty(p.ContainerName))
            {
                problems.Add($"resourcePolicy.containerPolicies[{i}]: containerName is required");
                continue;
            }

            if (!policies.TryAdd(p.ContainerName, p))
            {
                problems.Add($"resourcePolicy.containerPolicies[{i}]: container '{p.ContainerName}' has more than one policy; the first is used");
            }

            if (p.ContainerName != AnyContainer && containers.Count > 0 && !containers.Contains(p.ContainerName))
            {
                problems.Add($"resourcePolicy.containerPolicies[{i}]: container '{p.ContainerName}' is not in the target's pods (they have {string.Join(", ", containers.Order(StringComparer.Ordinal))})");
            }
        }

        var plans = new List<ContainerPlan>();
        int containersInPod = Math.Max(1, containers.Count);
        foreach (var container in containers.Order(StringComparer.Ordinal))
        {
            var policy = policies.GetValueOrDefault(container) ?? policies.GetValueOrDefault(AnyContainer);
            string where = policy is null ? "" : $"policy '{policy.ContainerName}' for container '{container}': ";
            var plan = Plan(container, policy, current.GetValueOrDefault(container) ?? CurrentResources.None, basePolicy with { ContainersInPod = containersInPod }, where, problems);
            if (plan is not null)
            {
                plans.Add(plan);
            }
        }

        return (plans, problems);
    }

    private static ContainerPlan? Plan(string container, VpaContainerPolicy? p, CurrentResources current, RecommendationPolicy policy, string where, List<string> problems)
    {
        int before = problems.Count;
        if (p?.Mode is { } mode && mode is not ("Auto" or "Off"))
        {
            problems.Add($"{where}mode '{mode}' is not Auto or Off");
        }

        ControlledValues values = ControlledValues.RequestsAndLimits;
        switch (p?.ControlledValues)
        {
            case null or "RequestsAndLimits":
                break;
            case "RequestsOnly":
                values = ControlledValues.RequestsOnly;
                break;
            default:
                problems.Add($"{where}controlledValues '{p.ControlledValues}' is not RequestsAndLimits or RequestsOnly");
                break;
        }

        var resources = p?.ControlledResources ?? ["cpu", "memory"];
        foreach (var r in resources.Where(r => r is not ("cpu" or "memory")))
        {
            problems.Add($"{where}controlledResources has '{r}'; only cpu and memory are recommended");
        }

        double? minCpu = Cores(p?.MinAllowed, "minAllowed", where, problems);
        double? maxCpu = Cores(p?.MaxAllowed, "maxAllowed", where, problems);
        long? minMemory = Bytes(p?.MinAllowed, "minAllowed", where, problems);
        long? maxMemory = Bytes(p?.MaxAllowed, "maxAllowed", where, problems);
        if (minCpu > maxCpu)
        {
            problems.Add($"{where}minAllowed cpu ({p!.MinAllowed!["cpu"]}) exceeds maxAllowed cpu ({p.MaxAllowed!["cpu"]})");
        }

        if (minMemory > maxMemory)
        {
            problems.Add($"{where}minAllowed memory ({p!.MinAllowed!["memory"]}) exceeds maxAllowed memory ({p.MaxAllowed!["memory"]})");
        }

        if (problems.Count > before || p?.Mode == "Off")
        {
            return null;
        }

        bool cpu = resources.Contains("cpu");
        bool memory = resources.Contains("memory");
        if (!cpu && !memory)
        {
            return null;
        }

        // With RequestsAndLimits VPA scales the limit by the pod's limit/request; the model then picks a
        // request whose implied limit meets the SLO. A ratio below 1 cannot exist in a valid pod.
        double? ratio = values == ControlledValues.RequestsAndLimits && current.CpuLimitRequestRatio is double k && k >= 1 ? k : null;
        return new ContainerPlan(container, cpu, memory, policy with
        {
            ControlledValues = values,
            LimitRequestRatio = ratio,
            MinCpuCores = minCpu,
            MaxCpuCores = maxCpu,
            MinMemoryBytes = minMemory,
            MaxMemoryBytes = maxMemory,
        });
    }

    private static double? Cores(Dictionary<string, string>? list, string field, string where, List<string> problems) =>
        Value(list, "cpu", field, where, problems) is decimal v ? (double)v : null;

    private static long? Bytes(Dictionary<string, string>? list, string field, string where, List<string> problems) =>
        Value(list, "memory", field, where, problems) is decimal v ? (long)decimal.Ceiling(v) : null;

    private static decimal? Value(Dictionary<string, string>? list, string resource, string field, string where, List<string> problems)
    {
        if (list?.GetValueOrDefault(resource) is not { } text)
        {
            return null;
        }

        if (!Quantity.TryParse(text, out var value, out var error))
        {
            problems.Add($"{where}{field} {resource}: {error}");
            return null;
        }

        if (value < 0 || (field == "maxAllowed" && value == 0))
        {
            problems.Add($"{where}{field} {resource} must be {(field == "maxAllowed" ? "> 0" : "≥ 0")} (was {text})");
            return null;
        }

        return value;
    }
}
