using KernelTruth.Models.Baseline;
using KernelTruth.Models.Estimation;
using KernelTruth.Models.Histograms;

namespace KernelTruth.Models.Demand;

/// <summary>
/// Decaying distribution of per-minute CPU demand in cores: the basis of the CPU request. The
/// request decides placement and long-run CPU share, so it follows demand averaged over a minute
/// (as VPA follows usage averaged over a minute), not the 100 ms bursts the limit must absorb.
/// </summary>
/// <remarks>
/// <para>A minute's demand = (usage CPU-seconds + work the limit deferred into later minutes − work
/// deferred into this one from the minute before + work it hid) / seconds observed, from the same
/// finished minutes as the VPA baseline (<see cref="MinuteAverager"/>: duration-weighted, the
/// unfinished minute never counts), each minute weighing 1 at the decay reference, on the millicore
/// <see cref="DemandModel.Grid"/> (counted at the next millicore at or above it).</para>
/// <para>Deferred and hidden work are read as the what-if replay reads a trace
/// (<see cref="MinuteDeferral"/>): work a throttled stretch could not do shows up in the usage right
/// after it, so it is counted once; only a minute held back from start to finish, with no catching
/// up after, adds demand it never did (the per-period model's bounded censored excess). Throttle wait
/// is not demand: it is summed over every waiting thread and made up by the periods after. Worked
/// example: a workload throttled in half its periods that catches up between bursts, 24 s of CPU in
/// a minute ⇒ 0.4 core, whatever its threads waited; one held back in every period at a 0.2 limit with
/// μ = 0.1 core (<see cref="CensoredExcess"/>) ⇒ 0.2 + 0.1 = 0.3 core ⇒ request 0.3·1.15 = 0.345.</para>
/// <para>Cap: a minute counts at most <see cref="ModelDefaults.MaxCpuCores"/> (1000 cores, the grid's
/// end and VPA's CPU histogram maximum), so a corrupt wait sum cannot push the request past any
/// machine; min/maxAllowed clamp it further.</para>
/// </remarks>
// A mutable struct inside WorkloadModel, reached by ref: one object and its header fewer per container. Never copy
// it to change it. The owner passes the shape in (ModelShapes.MinuteDemand: the millicore DemandModel.Grid, epsilon
// 0, shared by all containers), 8 bytes fewer.
internal struct MinuteDemand
{
    // Inline: an object fewer than a histogram object of its own. 7-byte entries: the grid's 1 000 001 buckets fit 24 bits.
    private DecayingWeights<CompactWeight24> _histogram = new();

    public MinuteDemand()
    {
    }

    public readonly bool IsEmpty => _histogram.IsEmpty;

    /// <summary>Finished minutes the limit held back throughout, whose demand includes censored excess, undecayed (the evidence says whether any did).</summary>
    public long CensoredMinutes { readonly get; private set; }

    public readonly int RetainedBytes => _histogram.RetainedBytes;

    /// <summary>The demand one finished minute stands for, in cores, capped at <see cref="ModelDefaults.MaxCpuCores"/>.</summary>
    public static double Cores(MinuteSample minute) =>
        Math.Min(Math.Max(0.0, minute.UsageCores + minute.DeferredCores) + minute.HiddenCores, ModelDefaults.MaxCpuCores);

    public void Add(HistogramShape shape, MinuteSample minute)
    {
        _histogram.AddSample(shape, Cores(minute), 1.0, minute.Time);
        if (minute.HiddenCores > 0)
        {
            CensoredMinutes++;
        }
    }

    /// <summary>The per-minute demand for one estimate: the upper edge of the millicore where p·total is reached; 0 when empty.</summary>
    public readonly IQuantileSource AsQuantileSource(HistogramShape shape) => new UpperEdgeSource<CompactWeight24>(shape, _histogram);

    public readonly HistogramState ToState(HistogramShape shape) => _histogram.ToState(shape);

    public void Restore(HistogramShape shape, HistogramState state, long censoredMinutes)
    {
        _histogram.Restore(shape, state);
        CensoredMinutes = censoredMinutes;
    }
}
