using System.Globalization;
using KernelTruth.Kubernetes.Resources;
using KernelTruth.Reports.Model;
using KernelTruth.Reports.Render;

namespace KernelTruth.Cli.Profiles;

/// <summary>
/// `ktruth explain`: for each container of the workload, why the recommendation is what it is — what was measured
/// over which window, what is set now, what is recommended beside the stock VPA figure, what the limit is predicted to
/// do and by which engine, the recommender's evidence lines and the profile's conditions. Figures the profile does not
/// carry read "n/a".
/// </summary>
internal static class ProfileExplanation
{
    public static void Write(ProfileRow row, TextWriter o)
    {
        var p = row.Profile;
        var f = row.Facts;
        var s = p.Status;
        o.Write($"{p.Metadata.NamespaceProperty}/{row.Workload} container {(f.Container.Length > 0 ? f.Container : "-")} (WorkloadProfile {p.Metadata.Name})\n");
        o.Write($"  updated {s?.LastUpdated ?? "never"}; observed {(f.WindowSeconds is double w && w > 0 ? ObservationWindow.Short(w) : "n/a")} over {f.Pods} pod(s)\n");

        o.Write("Measured\n");
        o.Write($"  usage avg (metrics-server)  {Figures.Cores(f.UsageAverageCores)}\n");
        o.Write($"  demand p50 / p95 / p99      {Figures.Cores(f.DemandP50Cores)} / {Figures.Cores(f.DemandP95Cores)} / {Figures.Cores(f.DemandP99Cores)} per period\n");
        o.Write($"  throttled periods           {Figures.Percent(f.ThrottledPeriodsRatio)}\n");
        o.Write($"  throttle wait p50 / p99     {Wait(s?.Measured?.ThrottleWaitSeconds)}\n");
        o.Write($"  contention wait p50 / p99   {Wait(s?.Measured?.ContentionWaitSeconds)}\n");
        o.Write($"  OOM kills, memory peak      {Figures.Count(f.OomKills)}, {Figures.Memory(f.MemoryPeakBytes, Figures.Unknown)}\n");

        o.Write("Resources          now → recommended (stock VPA)\n");
        o.Write($"  CPU request      {Figures.Cpu(f.Current.CpuRequestCores)} → {Figures.Cpu(f.Recommended.CpuRequestCores, Figures.Unknown)} ({Figures.Cpu(f.Baseline.CpuRequestCores, Figures.Unknown)})\n");
        o.Write($"  CPU limit        {Figures.Cpu(f.Current.CpuLimitCores)} → {Figures.Cpu(f.Recommended.CpuLimitCores)}\n");
        o.Write($"  memory request   {Figures.Memory(f.Current.MemoryRequestBytes)} → {Figures.Memory(f.Recommended.MemoryRequestBytes, Figures.Unknown)} ({Figures.Memory(f.Baseline.MemoryRequestBytes, Figures.Unknown)})\n");
        o.Write($"  memory limit     {Figures.Memory(f.Current.MemoryLimitBytes)} → {Figures.Memory(f.Recommended.MemoryLimitBytes)}\n");
        o.Write($"  cost per month   {Figures.Money(row.MonthlyCostNow)} → {(row.MonthlyCostRecommended is double r ? Figures.Money(r) : Figures.Unknown)}\n");
        o.Write($"  confidence       {Figures.Confidence(f.Confidence)}\n");

        if (s?.Predicted is { } predicted)
        {
            o.Write($"Predicted at limit {predicted.CpuLimit ?? "none"} (by the {predicted.Source ?? "model"}{(predicted.Extrapolated ? ", extrapolated beyond the demand seen" : "")})\n");
            o.Write($"  throttled periods {Figures.Percent(f.ThrottledPeriodsRatio)} → {Figures.Percent(predicted.ThrottledPeriodsRatio)}; throttle wait p99 {Figures.Millis(predicted.ThrottleWaitP99Seconds)}\n");
            if (predicted.Model is { } model)
            {
                o.Write($"  the model's closed form: {Figures.Percent(model.ThrottledPeriodsRatio)}, throttle wait p99 {Figures.Millis(model.ThrottleWaitP99Seconds)}\n");
            }
        }

        Starts(s?.Measured?.Startup, s?.Recommendation?.Startup, f.Startup, o);

        o.Write("Evidence\n");
        foreach (string line in f.Evidence.DefaultIfEmpty("none yet: the recommender has not written a recommendation"))
        {
            o.Write($"  - {line}\n");
        }

        foreach (var c in s?.Conditions ?? [])
        {
            o.Write($"Condition {c.Type}={c.Status}{(c.Reason is null ? "" : " " + c.Reason)}{(c.Message is null ? "" : ": " + c.Message)}\n");
        }
    }

    /// <summary>The workload's recent starts and, when they are throttled, the fix with the replay's ready time under each setting.</summary>
    private static void Starts(ProfileStartup? measured, ProfileStartupAdvice? advice, StartupFacts? facts, TextWriter o)
    {
        if (measured is null || facts is null)
        {
            return;
        }

        o.Write($"Starts ({measured.Starts} recent; p50 / p90)\n");
        o.Write($"  ready (exec → listen/settled) {Figures.Seconds(facts.ReadyP50Seconds)} / {Figures.Seconds(facts.ReadyP90Seconds)}\n");
        o.Write($"  startup CPU, throttled        {Figures.CoreSeconds(facts.CpuP50CoreSeconds)} / {Figures.CoreSeconds(facts.CpuP90CoreSeconds)}, {Figures.Seconds(facts.ThrottledP50Seconds)} / {Figures.Seconds(facts.ThrottledP90Seconds)}\n");
        if (measured.WarmupCpuCoreSeconds is { } w && measured.WarmupThrottledSeconds is { } t)
        {
            o.Write($"  by ready: CPU, throttled      {Figures.CoreSeconds(w.P50)} / {Figures.CoreSeconds(w.P90)}, {Figures.Seconds(t.P50)} / {Figures.Seconds(t.P90)}\n");
        }

        if (advice is { Throttled: true } a)
        {
            o.Write($"  throttled: fix {Figures.StartupFix(facts.Fix)}\n");
            o.Write($"  replayed ready: at the current limit {Figures.Seconds(a.PredictedAtCurrentSeconds)}, at the recommended {Figures.Seconds(a.PredictedAtRecommendedSeconds)}, with a burst of one quota {Figures.Seconds(a.PredictedWithBurstSeconds)}, unthrottled {Figures.Seconds(a.UnthrottledSeconds)} (on ~{Figures.Cores(a.ParallelCores)})\n");
        }
        else if (advice is not null)
        {
            o.Write("  not throttled notably: no startup fix needed\n");
        }
    }

    private static string Wait(ProfileWait? wait) => wait is null
        ? Figures.Unknown
        : string.Create(CultureInfo.InvariantCulture, $"{Figures.Millis(wait.P50)} / {Figures.Millis(wait.P99)}");
}
