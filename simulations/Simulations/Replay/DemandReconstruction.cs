using KernelTruth.Simulations.Trace;

namespace KernelTruth.Simulations.Replay;

/// <summary>
/// Turns a cgroup's recorded periods into the work that arrived per period (<see cref="DemandSeries"/>).
/// </summary>
/// <remarks>
/// <para>Unthrottled periods are exact: what was used is what arrived, plus whatever the previous
/// period carried over. A period throttled when recorded is censored: usage is what the quota
/// allowed, the rest waited. Its hidden part h_k is read from what the next period did: the work
/// carried over is served first there, so h_k = min(usage_{k+1}, throttled time_k) (when the kernel
/// reported no throttled time, usage_{k+1} alone). Arrivals are then a_k = usage_k + h_k − h_{k−1};
/// replaying them at the recorded limit gives back the recorded usage.</para>
/// <para>This attributes all of the next period's work, up to the throttled time, to the throttled
/// period (the earliest it could have arrived): an upper estimate of a censored period's demand, so
/// above the recorded limit the replay errs towards more throttling, never less. Confidence says
/// how much rests on it (<see cref="CensoringInfo.ConfidenceAt"/>).</para>
/// <para>Worked example: quota 20 ms, a 30 ms burst every 250 ms. Recorded: 20 (throttled, 80 ms
/// throttled time), 10, 0. h_0 = min(10, 80) = 10 ⇒ arrivals 30, 0, 0.</para>
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

        var arrivals = new double[n];
        int censored = 0, unresolved = 0;
        double previousHidden = 0;
        for (int k = 0; k < n; k++)
        {
            if (unknown[k])
            {
                arrivals[k] = double.NaN;
                previousHidden = 0;
                continue;
            }

            double hidden = 0;
            if (throttled[k])
            {
                censored++;
                if (k + 1 < n && !unknown[k + 1])
                {
                    hidden = throttledUs[k] > 0 ? Math.Min(usage[k + 1], throttledUs[k]) : usage[k + 1];
                }
                else
                {
                    unresolved++;
                }
            }

            arrivals[k] = Math.Max(0, usage[k] + hidden - previousHidden);
            previousHidden = hidden;
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
