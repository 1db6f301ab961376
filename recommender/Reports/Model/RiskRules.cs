using KernelTruth.Models;

namespace KernelTruth.Reports.Model;

/// <summary>
/// The thresholds behind <see cref="RiskFlags"/>. Defaults are the recommender's own SLO
/// (<see cref="ModelDefaults"/>: ≤ 1 % of periods throttled, throttle-wait p99 ≤ 10 ms, contention
/// note above 10 ms) so that a report flags what the recommender would act on.
/// </summary>
public sealed record RiskRules
{
    public double ThrottledPeriodsRatio { get; init; } = ModelDefaults.ThrottledPeriodsSlo;

    public double ThrottleWaitP99Seconds { get; init; } = ModelDefaults.ThrottleWaitSlo.TotalSeconds;

    public double ContentionWaitP99Seconds { get; init; } = ModelDefaults.ContentionWaitThreshold.TotalSeconds;

    /// <summary>Confidence d/(1 + d) below 0.5 ⇔ less than one day of history.</summary>
    public double LowConfidence { get; init; } = 0.5;

    public RiskFlags Assess(WorkloadFacts w, ThrottleOutlook? after, double savings)
    {
        var flags = RiskFlags.None;
        if (w.ThrottledPeriodsRatio > ThrottledPeriodsRatio || w.ThrottleWaitP99Seconds > ThrottleWaitP99Seconds)
        {
            flags |= RiskFlags.Throttled;
        }

        if (w.ContentionWaitP99Seconds > ContentionWaitP99Seconds)
        {
            flags |= RiskFlags.Contended;
        }

        if (w.Confidence is null || w.Confidence < LowConfidence)
        {
            flags |= RiskFlags.LowConfidence;
        }

        long? memoryCeiling = w.Recommended.MemoryLimitBytes ?? w.Recommended.MemoryRequestBytes;
        if (w.OomKills > 0 || (memoryCeiling is long ceiling && w.MemoryPeakBytes > ceiling))
        {
            flags |= RiskFlags.WouldBeOom;
        }

        if (after is not null && (after.ThrottledPeriodsRatio > ThrottledPeriodsRatio || after.ThrottleWaitP99Seconds > ThrottleWaitP99Seconds))
        {
            flags |= RiskFlags.ThrottledAfter;
        }

        // Half a cent: float noise around zero is not "costs more".
        if (savings < -0.005)
        {
            flags |= RiskFlags.CostsMore;
        }

        return flags;
    }

    /// <summary>Flags a reader would call "at risk": everything but the cost of fixing.</summary>
    public static bool AtRisk(RiskFlags flags) => (flags & ~RiskFlags.CostsMore) != RiskFlags.None;

    /// <summary>Stable kebab-case names in a fixed order, e.g. "throttled, low-confidence".</summary>
    public static IReadOnlyList<string> Names(RiskFlags flags)
    {
        var names = new List<string>(6);
        Add(flags, RiskFlags.Throttled, "throttled", names);
        Add(flags, RiskFlags.Contended, "contended", names);
        Add(flags, RiskFlags.LowConfidence, "low-confidence", names);
        Add(flags, RiskFlags.WouldBeOom, "would-be-oom", names);
        Add(flags, RiskFlags.ThrottledAfter, "throttled-after", names);
        Add(flags, RiskFlags.CostsMore, "costs-more", names);
        return names;
    }

    private static void Add(RiskFlags flags, RiskFlags flag, string name, List<string> names)
    {
        if ((flags & flag) != 0)
        {
            names.Add(name);
        }
    }
}
