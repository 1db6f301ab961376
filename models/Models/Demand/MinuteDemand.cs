using KernelTruth.Models.Baseline;
using KernelTruth.Models.Histograms;

namespace KernelTruth.Models.Demand;

/// <summary>
/// Decaying distribution of per-minute CPU demand in cores: the basis of the CPU request. The
/// request decides placement and long-run CPU share, so it follows demand averaged over a minute
/// (as VPA follows usage averaged over a minute), not the 100 ms bursts the limit must absorb.
/// </summary>
/// <remarks>
/// <para>A minute's demand = (usage CPU-seconds + throttle-wait seconds) / seconds observed, from the
/// same finished minutes as the VPA baseline (<see cref="MinuteAverager"/>: duration-weighted, the
/// unfinished minute never counts), each minute weighing 1 at the decay reference, on the millicore
/// <see cref="DemandModel.Grid"/> (counted at the next millicore at or above it).</para>
/// <para>The throttle wait added is capped at (<see cref="ModelDefaults.CensoredGrowthCap"/> − 1) × usage:
/// a throttled thread waits out the rest of the period whatever work it has left, so the wait is an
/// upper bound of the demand the limit hid, not a measure of it (see the cap's comment).</para>
/// <para>Assumption: every second a thread waited throttled is a CPU-second it wanted, up to that cap. Consequence:
/// exact for single-threaded CPU-bound work; an over-estimate when the wait would have been spent
/// waiting for a CPU anyway (contention) or when several threads wait at once for work that one
/// CPU-second would have done, so the request errs high. Worked example: always throttled at a 0.2
/// limit, 0.3 s of throttle wait per second ⇒ minute demand 0.2 + min(0.3, 0.2) = 0.4 core ⇒ request 0.4·1.15 = 0.46.</para>
/// <para>Cap: a minute counts at most <see cref="ModelDefaults.MaxCpuCores"/> (1000 cores, the grid's
/// end and VPA's CPU histogram maximum), so a corrupt wait sum cannot push the request past any
/// machine; min/maxAllowed clamp it further.</para>
/// </remarks>
internal sealed class MinuteDemand
{
    private readonly DecayingHistogram _histogram;

    /// <param name="shape">Millicore <see cref="DemandModel.Grid"/>, epsilon 0; shared by all containers.</param>
    public MinuteDemand(HistogramShape shape)
    {
        _histogram = new DecayingHistogram(shape);
    }

    public DecayingHistogram Histogram => _histogram;

    public bool IsEmpty => _histogram.IsEmpty;

    /// <summary>Finished minutes whose demand included throttle wait, undecayed (the evidence says whether any did).</summary>
    public long ThrottledMinutes { get; private set; }

    public int RetainedBytes => _histogram.RetainedBytes;

    /// <summary>The demand one finished minute stands for, in cores, capped at <see cref="ModelDefaults.MaxCpuCores"/>.</summary>
    public static double Cores(MinuteSample minute) =>
        Math.Min(minute.UsageCores + Math.Min(minute.ThrottleWaitCores, (ModelDefaults.CensoredGrowthCap - 1) * minute.UsageCores), ModelDefaults.MaxCpuCores);

    public void Add(MinuteSample minute)
    {
        _histogram.AddSample(Cores(minute), 1.0, minute.Time);
        if (minute.ThrottleWaitCores > 0)
        {
            ThrottledMinutes++;
        }
    }

    /// <summary>The per-minute demand quantile: the upper edge of the millicore where p·total is reached; 0 when empty.</summary>
    public double Quantile(double p) => _histogram.Percentile(p, PercentileMode.UpperEdge);

    public void Restore(HistogramState state, long throttledMinutes)
    {
        _histogram.Restore(state);
        ThrottledMinutes = throttledMinutes;
    }
}
