using KernelTruth.Simulations.Trace;

namespace KernelTruth.Simulations.Replay;

/// <summary>
/// Turns a cgroup's recorded periods into the work that arrived per period (<see cref="DemandSeries"/>).
/// </summary>
/// <remarks>
/// <para>Unthrottled periods are exact: what was used is what arrived, plus whatever the previous
/// period carried over. A period throttled when recorded is censored: usage is what the quota
/// allowed, the rest waited. Its hidden part h_k is read from what the following periods did: the
/// work carried over is served first there, so h_k = min(usage_{k+1} + h_{k+1}, throttled time_k)
/// (without that cap when the kernel reported no throttled time). Arrivals are then
/// a_k = usage_k + h_k − h_{k−1}; replaying them at the recorded limit gives back the recorded usage.
/// The rule is <see cref="DeferredWork"/>, which the recommender's per-minute demand uses too.</para>
/// <para>This attributes the following periods' work, up to the throttled time, to the throttled
/// period that began the run (the earliest it could have arrived): an upper estimate of a censored period's demand, so
/// above the recorded limit the replay errs towards more throttling, never less. Confidence says
/// how much rests on it (<see cref="CensoringInfo.ConfidenceAt"/>).</para>
/// <para>Worked example: quota 20 ms, a 30 ms burst every 250 ms. Recorded: 20 (throttled, 80 ms
/// throttled time), 10, 0. h_0 = min(10, 80) = 10 ⇒ arrivals 30, 0, 0. A 60 ms burst at quota 25:
/// recorded 25 (throttled), 25 (throttled), 10 ⇒ h_1 = 10, h_0 = 25 + 10 = 35 ⇒ arrivals 60, 0, 0.</para>
/// </remarks>
public static class DemandReconstruction
{
    public static DemandSeries FromTrace(CgroupTrace cg, ICollection<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(cg);
        ArgumentNullException.ThrowIfNull(warnings);
        if (cg.PeriodCount > int.MaxValue)
        {
            throw new TraceFormatException($"periodCount {cg.PeriodCount} is more than one replay holds ({int.MaxValue})");
        }

        int n = (int)cg.PeriodCount;
        var usage = new double[n];
        var throttledUs = new double[n];
        var throttled = new bool[n];
        foreach (var p in cg.Periods)
        {
            usage[p.Index] = p.UsageUs / 1e6;
            throttled[p.Index] = p.Throttled;
            throttledUs[p.Index] = p.ThrottledUs / 1e6;
        }

        var unknown = new bool[n];
        long unknownCount = 0;
        foreach (var gap in cg.Gaps)
        {
            for (long k = gap.From; k < gap.To; k++)
            {
                unknownCount += unknown[k] ? 0 : 1;
                unknown[k] = true;
            }
        }

        if (unknownCount > 0)
        {
            warnings.Add($"{cg.Path}: {unknownCount} of {n} periods have no data ({string.Join(", ", cg.Gaps.Select(g => g.Reason).Distinct())}); they are left out and any backlog is dropped at them");
        }

        // Backwards, so a run of throttled periods hands its whole backlog to where it began:
        // h_k = min(usage_{k+1} + h_{k+1}, throttled time_k).
        var hidden = new double[n];
        int censored = 0, unresolved = 0;
        for (int k = n - 1; k >= 0; k--)
        {
            if (unknown[k] || !throttled[k])
            {
                continue;
            }

            censored++;
            if (k + 1 < n && !unknown[k + 1])
            {
                hidden[k] = DeferredWork.WaitingAfterThrottled(throttledUs[k], usage[k + 1], hidden[k + 1]);
            }
            else
            {
                unresolved++;
            }
        }

        var arrivals = new double[n];
        for (int k = 0; k < n; k++)
        {
            double previous = k > 0 && !unknown[k - 1] ? hidden[k - 1] : 0;
            arrivals[k] = unknown[k] ? double.NaN : DeferredWork.Arrived(usage[k], hidden[k], previous);
        }

        if (unresolved > 0)
        {
            warnings.Add($"{cg.Path}: {unresolved} throttled periods are followed by no data; their hidden demand is taken as 0 (a lower estimate)");
        }

        double? recordedLimit = cg.QuotaUs is { } q ? (double)q / cg.PeriodUs : null;
        var censoring = new CensoringInfo(recordedLimit, censored, (int)(n - unknownCount));
        return new DemandSeries(cg.PeriodUs / 1e6, arrivals, cg.Cpus, censoring);
    }

    /// <summary>
    /// The same demand at a period <paramref name="factor"/> times longer: arrivals of consecutive
    /// periods are summed (a window with an unknown period is unknown). Only whole multiples: work
    /// cannot be split inside a recorded period without knowing when it arrived.
    /// </summary>
    public static DemandSeries Coarsen(DemandSeries demand, int factor)
    {
        ArgumentNullException.ThrowIfNull(demand);
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        if (factor == 1)
        {
            return demand;
        }

        int n = demand.ArrivalsSeconds.Length / factor;
        if (n == 0)
        {
            throw new ArgumentException($"a period of {demand.PeriodSeconds * factor}s is longer than the trace ({demand.ArrivalsSeconds.Length * demand.PeriodSeconds}s)", nameof(factor));
        }

        var sums = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < factor; j++)
            {
                s += demand.ArrivalsSeconds[(i * factor) + j];
            }

            sums[i] = s;
        }

        var c = demand.Censoring;
        return demand with
        {
            PeriodSeconds = demand.PeriodSeconds * factor,
            ArrivalsSeconds = sums,
            Censoring = c with { KnownPeriods = sums.Count(double.IsFinite), CensoredPeriods = (int)Math.Ceiling((double)c.CensoredPeriods / factor) },
        };
    }
}
