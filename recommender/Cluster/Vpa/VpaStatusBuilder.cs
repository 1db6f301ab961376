using System.Globalization;
using KernelTruth.Contracts.Units;
using KernelTruth.Kubernetes.Resources;
using KernelTruth.Models.Recommendations;

namespace KernelTruth.Cluster.Vpa;

/// <summary>
/// A VPA's spec + per-container recommendations + the pods' current requests/limits →
/// status.recommendation.containerRecommendations and conditions (pure: no I/O, time is an argument).
/// </summary>
/// <remarks>
/// <para>target = our request, lowerBound/upperBound = the model's bounds (the updater evicts outside them),
/// uncappedTarget = the request before min/maxAllowed. CPU in whole millicores; memory rounded up to a
/// whole MiB (at most 1 MiB above the model's bytes, never below). Only controlledResources appear.</para>
/// <para>With RequestsAndLimits VPA writes limit = target × (current limit/request). The model is given
/// that ratio, so the target it returns is one whose implied limit meets the throttling SLO (it raises the
/// request when it must); the RecommendationProvided message states the implied limit and
/// the SLO limit for every such container. Worked example: SLO limit 0.8 cores, ratio 2 ⇒ target ≥ 400m ⇒
/// VPA's limit 800m.</para>
/// <para>Conditions: RecommendationProvided, LowConfidence (a container has less than
/// <see cref="VpaOptions.LowConfidenceBelowDays"/> of history), NoPodsMatched, ConfigUnsupported (policy
/// problems); each keeps its lastTransitionTime while its status holds. Output is sorted, so an unchanged
/// input gives a byte-identical status and nothing is written twice.</para>
/// </remarks>
public static class VpaStatusBuilder
{
    public static VpaStatusResult Build(VerticalPodAutoscaler vpa, VpaInputs inputs, VpaOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(vpa);
        ArgumentNullException.ThrowIfNull(inputs);
        var previous = vpa.Status?.Conditions;
        var (plans, problems) = ContainerPolicyResolver.Resolve(vpa.Spec, inputs.Containers, inputs.Current, options.Policy);
        var problemList = problems.ToList();
        var recommendations = new List<VpaContainerRecommendation>();
        var limitNotes = new List<string>();
        var lowConfidence = new List<string>();
        var noHistory = new List<string>();
        foreach (var plan in plans)
        {
            Recommendation? r;
            try
            {
                r = inputs.Recommend(plan.Container, plan.Policy);
            }
            catch (ArgumentException ex)
            {
                problemList.Add($"container '{plan.Container}': {ex.Message}");
                continue;
            }

            if (r is null)
            {
                noHistory.Add(plan.Container);
                continue;
            }

            recommendations.Add(ContainerRecommendation(plan, r));
            if (plan.Cpu && LimitNote(plan, r) is { } note)
            {
                limitNotes.Add(note);
            }

            if (r.Confidence.HistoryDays < options.LowConfidenceBelowDays)
            {
                lowConfidence.Add(Text($"'{plan.Container}' has {r.Confidence.HistoryDays:0.###} days of history"));
            }
        }

        var conditions = new List<VpaCondition>
        {
            Provided(recommendations, limitNotes, noHistory, inputs, previous, now),
            Conditions.Make(
                VpaConditionTypes.LowConfidence,
                lowConfidence.Count > 0,
                lowConfidence.Count > 0 ? "ShortHistory" : "EnoughHistory",
                lowConfidence.Count > 0
                    ? Text($"{string.Join("; ", lowConfidence)} (under {options.LowConfidenceBelowDays:0.##}): bounds are wide and the target may move")
                    : Text($"every recommended container has at least {options.LowConfidenceBelowDays:0.##} days of history"),
                previous,
                now),
            Conditions.Make(
                VpaConditionTypes.NoPodsMatched,
                inputs.PodsMatched == 0,
                inputs.PodsMatched == 0 ? "NoPodsMatched" : "PodsMatched",
                inputs.PodsMatched == 0 ? $"no live pod belongs to {inputs.Target} (deleted or scaled to zero?)" : $"{inputs.PodsMatched} live pods of {inputs.Target}",
                previous,
                now),
            Conditions.Make(
                VpaConditionTypes.ConfigUnsupported,
                problemList.Count > 0,
                problemList.Count > 0 ? "InvalidResourcePolicy" : "ResourcePolicyUnderstood",
                problemList.Count > 0 ? string.Join("; ", problemList) : "every container policy is honoured",
                previous,
                now),
        };

        var status = new VpaStatus
        {
            ObservedGeneration = vpa.Metadata?.Generation,
            Recommendation = recommendations.Count > 0 ? new VpaRecommendation { ContainerRecommendations = [.. recommendations.OrderBy(c => c.ContainerName, StringComparer.Ordinal)] } : null,
            Conditions = [.. conditions.OrderBy(c => c.Type, StringComparer.Ordinal)],
        };
        return new VpaStatusResult(status, problemList);
    }

    private static VpaCondition Provided(List<VpaContainerRecommendation> recommendations, List<string> limitNotes, List<string> noHistory, VpaInputs inputs, IReadOnlyList<VpaCondition>? previous, DateTimeOffset now)
    {
        if (recommendations.Count > 0)
        {
            string message = $"kernel-truth recommends {string.Join(", ", recommendations.Select(c => c.ContainerName))} of {inputs.Target}";
            if (limitNotes.Count > 0)
            {
                message += "; " + string.Join("; ", limitNotes);
            }

            if (noHistory.Count > 0)
            {
                message += $"; no history yet for {string.Join(", ", noHistory)}";
            }

            return Conditions.Make(VpaConditionTypes.RecommendationProvided, true, "RecommendationProvided", message, previous, now);
        }

        string why = noHistory.Count > 0
            ? $"no kernel history yet for {string.Join(", ", noHistory)} of {inputs.Target}"
            : $"no container of {inputs.Target} is to be recommended (mode Off, no controlled resources, or a policy problem)";
        return Conditions.Make(VpaConditionTypes.RecommendationProvided, false, noHistory.Count > 0 ? "NoHistory" : "NothingToRecommend", why, previous, now);
    }

    private static VpaContainerRecommendation ContainerRecommendation(ContainerPlan plan, Recommendation r) => new()
    {
        ContainerName = plan.Container,
        Target = Resources(plan, r.Cpu.RequestCores, r.Memory.RequestBytes),
        LowerBound = Resources(plan, r.Cpu.LowerBoundCores, r.Memory.LowerBoundBytes),
        UpperBound = Resources(plan, r.Cpu.UpperBoundCores, r.Memory.UpperBoundBytes),
        UncappedTarget = Resources(plan, r.Cpu.UncappedTargetCores, r.Memory.UncappedTargetBytes),
    };

    private static Dictionary<string, string> Resources(ContainerPlan plan, double cores, long bytes)
    {
        var list = new Dictionary<string, string>(StringComparer.Ordinal);
        if (plan.Cpu)
        {
            list["cpu"] = Quantity.FormatCpu(cores);
        }

        if (plan.Memory)
        {
            list["memory"] = Quantity.FormatBytes(Quantity.RoundUpToMebibyte(bytes));
        }

        return list;
    }

    /// <summary>What VPA will do to the limit, for a RequestsAndLimits container with a known ratio.</summary>
    private static string? LimitNote(ContainerPlan plan, Recommendation r)
    {
        var e = r.Evidence;
        if (plan.Policy.ControlledValues != ControlledValues.RequestsAndLimits || plan.Policy.LimitRequestRatio is not double ratio)
        {
            return plan.Policy.ControlledValues == ControlledValues.RequestsOnly && r.Cpu.LimitCores is double advice
                ? Text($"'{plan.Container}' is RequestsOnly: VPA leaves its limit alone; the SLO limit would be {Quantity.FormatCpu(advice)}")
                : null;
        }

        string implied = Quantity.FormatCpu(r.Cpu.RequestCores * ratio);
        if (e.SloLimitCores is not double slo)
        {
            return Text($"'{plan.Container}': VPA keeps limit/request {ratio:0.###}, so the limit becomes {implied}");
        }

        string verdict = e.SloMet == true && r.Cpu.RequestCores * ratio >= slo - 0.0005
            ? "which meets the throttling SLO"
            : "which does NOT meet the throttling SLO (capped by maxAllowed)";
        return Text($"'{plan.Container}': VPA keeps limit/request {ratio:0.###}, so target {Quantity.FormatCpu(r.Cpu.RequestCores)} implies limit {implied}, {verdict} (≤ {e.ThrottledPeriodsSlo:P1} of periods throttled, throttle wait p{e.ThrottleWaitPercentile * 100:0} ≤ {e.ThrottleWaitSlo.TotalMilliseconds:0.#} ms needs ≥ {Quantity.FormatCpu(slo)}); the target was chosen for that limit");
    }

    private static string Text(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
