namespace KernelTruth.Models.Input;

/// <summary>
/// Rejects intervals no kernel could have produced: NaN, infinities, negatives, and counts that
/// contradict each other. Reports every problem at once.
/// </summary>
internal static class WorkloadIntervalValidator
{
    /// <summary>Float slack for sums compared against their parts.</summary>
    private const double RelativeSlack = 1e-9;

    public static IReadOnlyList<string> Validate(WorkloadInterval i)
    {
        // Called for every interval: no closures or delegates, nothing allocated unless something is wrong.
        List<string>? errors = null;

        if (i.Duration <= TimeSpan.Zero)
        {
            Fail(ref errors, $"Duration must be > 0 (was {i.Duration})");
        }

        CheckNonNegative(i.UsageCores, nameof(i.UsageCores), ref errors);
        if (!double.IsFinite(i.PeriodSeconds) || i.PeriodSeconds <= 0 || i.PeriodSeconds > 1)
        {
            Fail(ref errors, $"PeriodSeconds must be in (0, 1] (was {i.PeriodSeconds})");
        }

        if (i.Periods < 0 || i.ThrottledPeriods < 0)
        {
            Fail(ref errors, $"Periods and ThrottledPeriods must be ≥ 0 (were {i.Periods}, {i.ThrottledPeriods})");
        }

        if (i.ThrottledPeriods > i.Periods)
        {
            Fail(ref errors, $"ThrottledPeriods ({i.ThrottledPeriods}) exceeds Periods ({i.Periods})");
        }

        if (i.ThrottledPeriods > 0 && i.LimitCores is null)
        {
            Fail(ref errors, $"ThrottledPeriods is {i.ThrottledPeriods} but LimitCores is null: an unlimited cgroup is never throttled");
        }

        if (i.LimitCores is double limit && (!double.IsFinite(limit) || limit <= 0))
        {
            Fail(ref errors, $"LimitCores must be > 0 when set (was {limit})");
        }

        CheckNonNegative(i.BurstCores, nameof(i.BurstCores), ref errors);
        if (i.RequestCores is double request)
        {
            CheckNonNegative(request, nameof(i.RequestCores), ref errors);
        }

        CheckNonNegative(i.ThrottleWaitSeconds, nameof(i.ThrottleWaitSeconds), ref errors);
        long usagePeriods = CheckUsage(i.PeriodUsage, ref errors);
        if (usagePeriods > 0 && i.ThrottledPeriods > usagePeriods)
        {
            Fail(ref errors, $"ThrottledPeriods ({i.ThrottledPeriods}) exceeds the periods in PeriodUsage ({usagePeriods})");
        }

        double waitFloor = CheckWaits(i.ThrottleWait, nameof(i.ThrottleWait), ref errors);
        if (double.IsFinite(i.ThrottleWaitSeconds) && waitFloor > (i.ThrottleWaitSeconds * (1 + RelativeSlack)) + 1e-12)
        {
            Fail(ref errors, $"ThrottleWait counts imply at least {waitFloor} s of waiting but ThrottleWaitSeconds is {i.ThrottleWaitSeconds}");
        }

        CheckWaits(i.ContentionWait, nameof(i.ContentionWait), ref errors);
        if (i.MemoryBytes < 0 || i.MemoryPeakBytes < 0 || i.MemoryRequestBytes < 0 || i.OomKills < 0)
        {
            Fail(ref errors, "MemoryBytes, MemoryPeakBytes, MemoryRequestBytes and OomKills must be ≥ 0");
        }

        if (i.MemoryPeakBytes is long peak && peak < i.MemoryBytes)
        {
            Fail(ref errors, $"MemoryPeakBytes ({peak}) is below MemoryBytes ({i.MemoryBytes})");
        }

        return errors is null ? [] : errors;
    }

    private static void Fail(ref List<string>? errors, string reason) => (errors ??= []).Add(reason);

    private static void CheckNonNegative(double value, string name, ref List<string>? errors)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            Fail(ref errors, $"{name} must be a finite number ≥ 0 (was {value})");
        }
    }

    private static long CheckUsage(IReadOnlyList<UsageBucket> buckets, ref List<string>? errors)
    {
        long total = 0;
        double previousUpper = 0;
        for (int k = 0; k < buckets.Count; k++)
        {
            UsageBucket b = buckets[k];
            if (!double.IsFinite(b.LowerCores) || !double.IsFinite(b.UpperCores) || b.LowerCores < 0 || b.UpperCores < b.LowerCores)
            {
                Fail(ref errors, $"PeriodUsage[{k}] must have 0 ≤ lower ≤ upper, both finite (was [{b.LowerCores}, {b.UpperCores}])");
            }
            else if (b.LowerCores < previousUpper)
            {
                Fail(ref errors, $"PeriodUsage[{k}] starts at {b.LowerCores}, below the previous bucket's upper bound {previousUpper}: buckets must be ascending and non-overlapping");
            }

            if (b.Count < 0)
            {
                Fail(ref errors, $"PeriodUsage[{k}].Count must be ≥ 0 (was {b.Count})");
            }
            else
            {
                total += b.Count;
            }

            previousUpper = Math.Max(previousUpper, b.UpperCores);
        }

        return total;
    }

    /// <summary>Checks log2 µs slots; returns the least total wait (seconds) the counts imply.</summary>
    private static double CheckWaits(IReadOnlyList<long> slots, string name, ref List<string>? errors)
    {
        if (slots.Count > Histograms.Log2MicrosecondBuckets.Slots)
        {
            Fail(ref errors, $"{name} has {slots.Count} slots; the sensor has {Histograms.Log2MicrosecondBuckets.Slots}");
        }

        double floor = 0;
        for (int s = 0; s < slots.Count; s++)
        {
            if (slots[s] < 0)
            {
                Fail(ref errors, $"{name}[{s}] must be ≥ 0 (was {slots[s]})");
            }
            else if (s > 0)
            {
                floor += slots[s] * Math.ScaleB(1e-6, s);
            }
        }

        return floor;
    }
}
