using System.Globalization;
using KernelTruth.Models.Recommendations;
using KernelTruth.Models.Startup;
using KernelTruth.Reports.Model;

namespace KernelTruth.Reports.Input;

/// <summary>
/// Facts from one workload model (a state file's or one rebuilt from snapshots), named by its cgroup
/// path: the parent directory stands in for the namespace and the leaf for the name, so
/// "/kubepods/burstable/pod1/c1" groups under "/kubepods/burstable/pod1".
/// </summary>
/// <remarks>
/// What a model does not keep stays null: memory requests and limits in force and OOM kill counts
/// (snapshots supply the latter). The usage average is the mean of the per-minute usage samples the
/// VPA baseline keeps (bucket midpoints, decayed with its 24 h half-life), which is what
/// metrics-server's per-minute figures average to.
/// </remarks>
internal static class ModelFacts
{
    /// <param name="startup">The workload's recent starts, when the source kept them (a state file's start ring).</param>
    public static WorkloadFacts From(string cgroupPath, WorkloadModel model, RecommendationPolicy policy, DateTimeOffset now, StartupSummary? startup = null)
    {
        Recommendation rec = model.Recommend(policy, now);
        StartupAdvice? advice = startup is null ? null : StartupAdvisor.For(startup, model, rec);
        RecommendationEvidence e = rec.Evidence;
                int slash = cgroupPath.TrimEnd('/').LastIndexOf('/');
        string parent = slash > 0 ? cgroupPath[..slash] : "/";
        string leaf = slash >= 0 ? cgroupPath[(slash + 1)..] : cgroupPath;
        return new WorkloadFacts
        {
            Namespace = parent,
            Kind = WorkloadFacts.CgroupKind,
            Name = leaf.Length > 0 ? leaf : "/",
            Container = "",
            WindowSeconds = rec.Confidence.HistoryLength.TotalSeconds,
            UsageAverageCores = model.MeanMinuteUsageCores,
            DemandP50Cores = model.DemandCores(0.50),
            DemandP95Cores = model.DemandCores(0.95),
            DemandP99Cores = model.DemandCores(0.99),
            ThrottledPeriodsRatio = e.MeasuredThrottledRatio,
            ThrottleWaitP99Seconds = e.MeasuredThrottleWaitP99Seconds,
            ContentionWaitP99Seconds = e.ContentionWaitP99Seconds,
            MemoryPeakBytes = model.MemoryPeakBytes,
            Current = new ResourceAmounts(model.CurrentRequestCores, model.CurrentLimitCores, null, null),
            Recommended = new ResourceAmounts(rec.Cpu.RequestCores, rec.Cpu.LimitCores, rec.Memory.RequestBytes, rec.Memory.LimitBytes),
            Baseline = new ResourceAmounts(rec.Baseline.Cpu.RequestCores, rec.Baseline.Cpu.LimitCores, rec.Baseline.Memory.RequestBytes, rec.Baseline.Memory.LimitBytes),
            Confidence = rec.Confidence.Score,
            StatedPrediction = e.AtRecommendedLimit is { } p ? new ThrottleOutlook(p.LimitCores, p.ThrottledPeriodsRatio, p.ThrottleWaitP99Seconds, p.Extrapolated) : null,
            Evidence = [.. Evidence(e), .. StartupAdvisor.Note(advice) is { } note ? [note] : Array.Empty<string>()],
            Startup = startup is null ? null : Startup(startup, advice),
            Model = model,
        };
    }

    private static StartupFacts Startup(StartupSummary s, StartupAdvice? a) => new(
        s.Starts,
        s.ReadySeconds?.P50,
        s.ReadySeconds?.P90,
        s.CpuCoreSeconds.P50,
        s.CpuCoreSeconds.P90,
        s.ThrottledSeconds.P50,
        s.ThrottledSeconds.P90,
        a is { Throttled: true, Fix: not StartupFix.None }
            ? new StartupFixFacts(StartupAdvisor.Name(a.Fix), a.LimitCores, a.BurstMicroseconds, a.ReadySeconds, a.PredictedReadySeconds)
            : null);

    private static List<string> Evidence(RecommendationEvidence e)
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"request = p{e.RequestPercentile * 100:0} of demand over {e.RequestWindow.TotalSeconds:0} s windows ({e.DemandAtRequestPercentileCores:0.###} cores) + {e.SafetyMargin * 100:0}% margin"),
        };
        if (e.SloLimitCores is double slo)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"limit = smallest meeting ≤ {e.ThrottledPeriodsSlo * 100:0.#}% throttled periods and throttle-wait p{e.ThrottleWaitPercentile * 100:0} ≤ {e.ThrottleWaitSlo.TotalMilliseconds:0} ms: {slo:0.###} cores (SLO met: {(e.SloMet == true ? "yes" : "no")})"));
        }

        if (e.ContentionNote is string note)
        {
            lines.Add(note);
        }

        lines.AddRange(e.Notes);
        return lines;
    }
}
