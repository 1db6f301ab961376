using System.Globalization;
using KernelTruth.Simulations.Replay;
using KernelTruth.Simulations.Startup;

namespace KernelTruth.Models.Startup;

/// <summary>
/// Says whether a limit sized for steady state starves a workload's warm-up, and what fixes it: the recommended
/// limit, that limit with a CFS burst, or a higher limit. Each candidate is replayed through CFS bandwidth by
/// <see cref="WarmupReplay"/> with the warm-up the starts measured (p50s): its work W (CPU by ready), its
/// parallelism P, and the measured ready time R.
/// </summary>
/// <remarks>
/// <para>P from the measurements: the kernel sums throttled time over the CPUs whose run queues were throttled, so T
/// by ready ≈ P × (the wall time throttled), and R = W / P + T / P, hence P = (W + T) / R. Example: 0.3 core-s
/// throttled 0.248 s, ready at 0.548 s ⇒ P = 0.548 / 0.548 = 1 core.</para>
/// <para>Throttled when T / P (the delay per thread) is at least <see cref="NotableShare"/> of R and at least
/// <see cref="MinDelaySeconds"/>. A setting lets the warm-up run unstarved when the replay's delay (ready − W / P)
/// is within 10 % of W / P or one period, whichever is larger. The least change first: the recommended limit; then
/// with the smallest burst that suffices (the kernel allows up to one quota, and carries at most that much over, so
/// it helps a warm-up that exceeds the pool by less than a quota); else the smallest higher limit, at most P.</para>
/// <para>Worked example: W = 4 core-s on P = 2 cores, recommended 0.5 cores at 100 ms. Replay: 7.92 s at 0.5 cores;
/// with a 0.5-core burst 7.87 s (one quota carried over); unthrottled 2 s. Neither is within 10 % of 2 s, so a
/// higher limit: the smallest that replays within 2.2 s is about 1.82 cores.</para>
/// </remarks>
public static class StartupAdvisor
{
    /// <summary>Throttled by ready for at least this share of the ready time: 10 %.</summary>
    public const double NotableShare = 0.10;

    /// <summary>And at least 50 ms: below that a start is not noticeably slower.</summary>
    public const double MinDelaySeconds = 0.05;

    private const int SearchSteps = 14;

    /// <summary>The advice for <paramref name="summary"/>'s starts; null when they did not measure a warm-up (no ready, older sensor).</summary>
    /// <param name="currentLimitCores">The limit in force; null = unlimited.</param>
    /// <param name="recommendedLimitCores">The recommendation's limit; null = no limit recommended.</param>
    public static StartupAdvice? Advise(StartupSummary summary, double? currentLimitCores, double currentBurstCores, double periodSeconds, double? recommendedLimitCores)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary is not { ReadySeconds.P50: > 0 and var r, WarmupCpuCoreSeconds.P50: > 0 and var w, WarmupThrottledSeconds.P50: >= 0 and var t }
            || !(periodSeconds is >= 0.001 and <= 1.0))
        {
            return null;
        }

        double p = (w + t) / r;
        double unthrottled = w / p;
        double? atCurrent = currentLimitCores is > 0 and var cl ? Ready(w, p, cl, Math.Min(currentBurstCores, cl), periodSeconds) : null;
        double? atRecommended = recommendedLimitCores is > 0 and var rl ? Ready(w, p, rl, Math.Min(currentBurstCores, rl), periodSeconds) : null;
        double? withBurst = recommendedLimitCores is > 0 and var bl ? Ready(w, p, bl, bl, periodSeconds) : null;
        bool throttled = t / p >= NotableShare * r && t / p >= MinDelaySeconds;
        var advice = new StartupAdvice(throttled, r, w, t, p, periodSeconds, atCurrent, atRecommended, withBurst, unthrottled, StartupFix.None, null, 0, r);
        if (!throttled)
        {
            return advice;
        }

        double allowed = unthrottled + Math.Max(0.1 * unthrottled, periodSeconds);
        if (recommendedLimitCores is not > 0)
        {
            return advice with { Fix = StartupFix.RecommendedLimit, PredictedReadySeconds = unthrottled }; // no limit: nothing throttles
        }

        double limit = recommendedLimitCores.Value;
        if (atRecommended <= allowed)
        {
            return advice with { Fix = StartupFix.RecommendedLimit, LimitCores = limit, BurstCores = Math.Min(currentBurstCores, limit), PredictedReadySeconds = atRecommended.Value };
        }

        if (withBurst <= allowed)
        {
            double burst = Smallest(Math.Min(currentBurstCores, limit), limit, b => Ready(w, p, limit, b, periodSeconds) <= allowed);
            return advice with { Fix = StartupFix.Burst, LimitCores = limit, BurstCores = burst, PredictedReadySeconds = Ready(w, p, limit, burst, periodSeconds) };
        }

        double keptBurst = Math.Min(currentBurstCores, limit);
        double higher = Smallest(limit, Math.Max(limit, p), l => Ready(w, p, l, Math.Min(keptBurst, l), periodSeconds) <= allowed);
        return advice with { Fix = StartupFix.HigherLimit, LimitCores = higher, BurstCores = keptBurst, PredictedReadySeconds = Ready(w, p, higher, keptBurst, periodSeconds) };
    }

    /// <summary>
    /// The advice for a recommendation made by <paramref name="model"/>: the limit in force and the one recommended,
    /// replayed at the workload's current burst and period.
    /// </summary>
    public static StartupAdvice? For(StartupSummary summary, Recommendations.WorkloadModel model, Recommendations.Recommendation recommendation)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(recommendation);
        return Advise(summary, recommendation.Evidence.CurrentLimitCores, model.CurrentBurstCores, model.CurrentPeriodSeconds, recommendation.Cpu.LimitCores);
    }

    /// <summary>The fix's name in WorkloadProfiles and reports: none, recommendedLimit, burst, higherLimit.</summary>
    public static string Name(StartupFix fix) => fix switch
    {
        StartupFix.RecommendedLimit => "recommendedLimit",
        StartupFix.Burst => "burst",
        StartupFix.HigherLimit => "higherLimit",
        _ => "none",
    };

    /// <summary>One plain-language line for a recommendation's evidence; null when starts are not throttled.</summary>
    public static string? Note(StartupAdvice? advice)
    {
        if (advice is not { Throttled: true } a)
        {
            return null;
        }

        var c = CultureInfo.InvariantCulture;
        string measured = string.Format(c, "startup throttled: p50 ready {0:0.00} s, {1:0.00} s of it throttled (warm-up {2:0.00} core-s on ~{3:0.0} cores, {4:0.00} s unthrottled)", a.ReadySeconds, a.WarmupThrottledSeconds / a.ParallelCores, a.WarmupCpuCoreSeconds, a.ParallelCores, a.UnthrottledSeconds);
        string fix = a.Fix switch
        {
            StartupFix.RecommendedLimit when a.LimitCores is null => "the recommendation sets no limit, so starts are not throttled",
            StartupFix.RecommendedLimit => string.Format(c, "the recommended limit {0:0.000} already fixes it: ready in ~{1:0.00} s (replay)", a.LimitCores, a.PredictedReadySeconds),
            StartupFix.Burst => string.Format(c, "fix: a CFS burst of {0:0.000} cores (cpu.cfs_burst_us / cpu.max.burst = {1} µs) at the recommended limit {2:0.000}: ready in ~{3:0.00} s instead of ~{4:0.00} s (replay)", a.BurstCores, a.BurstMicroseconds, a.LimitCores, a.PredictedReadySeconds, a.PredictedAtRecommendedSeconds),
            _ => string.Format(c, "fix: a limit of {0:0.000} cores: ready in ~{1:0.00} s instead of ~{2:0.00} s at the recommended limit; a burst (one quota at most) gives only ~{3:0.00} s (replay)", a.LimitCores, a.PredictedReadySeconds, a.PredictedAtRecommendedSeconds, a.PredictedWithBurstSeconds),
        };
        string current = a.PredictedAtCurrentSeconds is { } now ? string.Format(c, "; the replay gives {0:0.00} s at the current limit", now) : "";
        return $"{measured}{current}; {fix}";
    }

    private static double Ready(double work, double parallel, double limit, double burst, double period) =>
        WarmupReplay.Run(work, parallel, new BandwidthLimit(limit, period, burst)).ReadySeconds;

    /// <summary>The smallest x in [lo, hi] with ok(x) (ok(hi) assumed), by bisection, rounded up to a millicore but not past hi.</summary>
    private static double Smallest(double lo, double hi, Func<double, bool> ok)
    {
        if (ok(lo))
        {
            return lo;
        }

        double max = hi;
        for (int i = 0; i < SearchSteps; i++)
        {
            double mid = (lo + hi) / 2;
            (lo, hi) = ok(mid) ? (lo, mid) : (mid, hi);
        }

        return Math.Min(Math.Ceiling(hi * 1000) / 1000, max);
    }
}
