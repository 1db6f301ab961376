using KernelTruth.Models.Histograms;
using KernelTruth.Models.Input;

namespace KernelTruth.Models.Demand;

/// <summary>
/// Decaying distribution of per-period CPU demand in cores: what the container would have used in
/// each CFS period had no limit stopped it.
/// </summary>
/// <remarks>
/// <para>Unthrottled periods are exact: usage = demand. Each usage bucket [a, b) is counted at b on a
/// millicore grid (<see cref="LinearBuckets"/>), so the model never believes demand lower than the
/// kernel may have seen; with the sensor's log-linear buckets (≤ 6.25 % wide) that is the bias bound.</para>
/// <para>Throttled periods are censored: usage stopped at the quota, so demand ≥ L. The T throttled
/// periods of an interval are taken from the top of its usage distribution (they used the whole
/// quota, the rest used less) and kept apart in <see cref="CensoredMass"/>. Their excess above L is
/// only bounded by the throttle wait, not measured by it: over T throttled periods with total throttle
/// wait W, μ = W/(T·period) cores would be the mean excess if every second waited were a CPU-second
/// wanted, but a thread throttled with little work left still waits out the period (a 0.3-core bursty
/// loop under a 0.15 limit waits ~85 ms per period for ~15 ms of work). So μ is capped at
/// L·(<see cref="ModelDefaults.CensoredGrowthCap"/> − 1)/2 and the excess is spread uniformly over
/// [L, L + 2μ]: the censored demand reaches at most 2 × L, a recommendation raises a throttled
/// workload's limit by at most that step, and the next observation at the new limit measures the rest.
/// Consequence: all periods throttled at L = 0.2 with W/T = 10 ms per 100 ms ⇒ μ = min(0.1, 0.1) = 0.1,
/// support [0.2, 0.4], p99 = 0.2 + 0.2·0.99 = 0.398; the answer carries
/// <see cref="QuantileBasis.Extrapolated"/>.</para>
/// <para>Weights decay with a half-life (default 24 h), as VPA's histograms do; each period weighs 1 at
/// the decay reference. Periods are the active ones the sensor and the kernel count (nr_periods runs
/// only while the group has work), so every ratio here is per active period, comparable with
/// nr_throttled/nr_periods; idle periods are not demand observations.</para>
/// </remarks>
// A mutable struct inside WorkloadModel, reached by ref: an object header and a reference fewer per container (24
// bytes). Never copy it to change it; a copy read while the original is unchanged answers as the original does.
internal struct DemandModel
{
    /// <summary>Millicore grid up to 1000 cores, VPA's CPU histogram maximum: 1 000 001 buckets, a 24-bit index (<see cref="CompactWeight24"/>).</summary>
    public static readonly LinearBuckets Grid = new(1000, 1000);

    private const int BisectionSteps = 100;

    /// <summary>
    /// Relative slack for comparing decayed sums: cumulative weights that tie with p·total up to rounding
    /// (87 of 174 periods for p50) resolve to the lower value whatever the decay factors were. The weights are
    /// floats (<see cref="CompactWeight.TieSlack"/>): 1e-5 of the total, where double weights needed 1e-12.
    /// </summary>
    private static double TieSlack => CompactWeight24.TieSlack;

    /// <summary>
    /// The slack where censored mass takes part: the censored tail is continuous and held in double, so a larger
    /// slack would move every bisected quantile (0.3 would read 0.299996), and 1e-12 absorbs double noise only.
    /// </summary>
    private const double CensoredTieSlack = 1e-12;

    // No shape of its own: the owner passes ModelShapes.Demand in (shared by all containers of its options), as it
    // does to the parts held inline, 8 bytes per container fewer than a reference held here.
    private DecayClock _clock = new();
    private SparseWeights<CompactWeight24> _exact = new();
    private CensoredMass _censored = new();

    public DemandModel()
    {
    }

    // Per thread, not per model: a field would cost 8 bytes in every container for a cache that
    // lives only while one recommendation is built.
    [ThreadStatic]
    private static QuantileMemo? _memo;

    // The last replay sample built on this thread and its model (DemandReplay.Ordered), for the same
    // reason: the limit search and the predicted effect read it one after the other; any change forgets it.
    [ThreadStatic]
    private static object? _sampleOwner;

    [ThreadStatic]
    private static double[]? _sample;

    // Any demand model's change bumps this; a remembered sample counts only while it is unchanged. A model is fed
    // on one thread and fitted on others: Forget clears only the changing thread's statics, and a fitting thread
    // that kept this model's sample would otherwise replay the old demand. One shared counter instead of one per
    // model: 8 bytes per container saved, and no sample outlives a cycle's ingest anyway.
    private static long _generation;

    [ThreadStatic]
    private static long _sampleGeneration;

    /// <summary>The shape every call that changes the model is handed: millicore <see cref="Grid"/>, epsilon 0.</summary>
    public static HistogramShape Shape(TimeSpan halfLife, int maxEntries) => new(Grid, halfLife, 0.0, maxEntries);

    public readonly double TotalWeight => _exact.Total + _censored.Total;

    public readonly bool IsEmpty => !(TotalWeight > 0);

    /// <summary>Decayed share of periods that were throttled (censored), 0..1.</summary>
    public readonly double CensoredShare => IsEmpty ? 0.0 : _censored.Total / TotalWeight;

    internal readonly CensoredState CensoredState => _censored.ToState();

    public readonly int RetainedBytes => _exact.RetainedBytes + _censored.RetainedBytes;

    /// <summary>Mean demand per period in cores: exact values plus L + μ for censored periods.</summary>
    public readonly double Mean
    {
        get
        {
            if (IsEmpty)
            {
                return 0.0;
            }

            double sum = _censored.WeightedMean();
            for (int i = 0; i < _exact.Count; i++)
            {
                sum += _exact.WeightAt(i) * Grid.BucketEnd(_exact.BucketAt(i));
            }

            return sum / TotalWeight;
        }
    }

    /// <summary>The replay sample last built from this model on this thread, until the model changes.</summary>
    internal readonly double[]? RememberedSample
    {
        get => ReferenceEquals(_sampleOwner, Identity) && _sampleGeneration == Volatile.Read(ref _generation) ? _sample : null;
        set
        {
            _sampleOwner = value is null ? null : Identity;
            _sampleGeneration = Volatile.Read(ref _generation);
            _sample = value;
        }
    }

    /// <param name="shape">The owner's <see cref="Shape"/>: its half-life and entry budget.</param>
    public void Add(HistogramShape shape, WorkloadInterval interval)
    {
        Forget();

        double factor = _clock.Factor(interval.Time, shape.HalfLife, CompactWeight24.MaxDecayExponent, out double rescale);
        if (rescale != 1.0)
        {
            _exact.Scale(rescale, 0.0);
            _censored.Scale(rescale);
        }

        IReadOnlyList<UsageBucket> usage = interval.PeriodUsage;
        long toCarve = interval.ThrottledPeriods;
        for (int k = usage.Count - 1; k >= 0; k--)
        {
            UsageBucket b = usage[k];
            long carved = Math.Min(b.Count, toCarve);
            toCarve -= carved;
            long exact = b.Count - carved;
            if (exact > 0)
            {
                _exact.Add(Grid.FindBucket(b.UpperCores), exact * factor, shape.MaxEntries);
            }
        }

        long throttled = interval.ThrottledPeriods;
        if (throttled > 0 && interval.LimitCores is double limit)
        {
            // Throttle wait bounds the hidden excess from above; the mean excess is capped so the
            // censored demand never reaches past CensoredGrowthCap × the limit (CensoredMass).
            _censored.Add(limit, throttled * factor, CensoredExcess.MeanCores(interval));
        }
    }

    /// <summary>P(demand per period &gt; x), 0..1; 0 when empty.</summary>
    public readonly double ExceedanceProbability(double x) => IsEmpty ? 0.0 : Exceeding(x, out _) / TotalWeight;

    /// <summary>
    /// P(demand &gt; x) and whether it rests on the censored tail: true when the censored tail
    /// contributes at least 1e-6 of all periods (smaller contributions cannot move a percentile).
    /// </summary>
    public readonly double ExceedanceProbability(double x, out bool extrapolated)
    {
        if (IsEmpty)
        {
            extrapolated = false;
            return 0.0;
        }

        double exceeding = Exceeding(x, out double tail);
        extrapolated = tail >= 1e-6 * TotalWeight;
        return exceeding / TotalWeight;
    }

    /// <summary>
    /// The smallest demand x with P(demand &gt; x) ≤ 1 − p, for p in (0, 1). Exact answers sit on the
    /// millicore grid (0.3 stays 0.3); answers inside the censored tail are solved by bisection to 1e-9 core.
    /// </summary>
    public readonly DemandQuantile Quantile(double p)
    {
        if (IsEmpty)
        {
            return new DemandQuantile(0.0, QuantileBasis.NoData);
        }

        QuantileMemo? memo = ReferenceEquals(_memo?.Owner, Identity) ? _memo : null;
        if (memo is not null && memo.TryGet(p, out DemandQuantile remembered))
        {
            return remembered;
        }

        DemandQuantile answer = Solve(p);
        memo?.Set(p, answer);
        return answer;
    }

    /// <summary>
    /// <see cref="Quantile"/>(p).Cores rounded up to the millicore grid, for every p of <paramref name="ascending"/>
    /// (sorted, each in (0, 1)), written to <paramref name="cores"/>: the demand sample the CFS replay reads. Exact
    /// values already sit on the grid (the same bits as <see cref="Quantile"/>); a quantile inside censored mass is the
    /// smallest millicore at or above it instead of a bisection to 1e-9 core, so a sample moves only when some
    /// quantile crosses a millicore, and the replay's answer can be reused until then.
    /// One upward walk serves every p: each stopping test only gets harder as p grows (threshold p·total up, allowed
    /// exceedance (1 − p)·total down), so the next p resumes where the last stopped, and its answer is at least the last.
    /// Worked example: 1 000 quantiles of a model with 60 values cost 60 + 1 000 steps instead of up to 60 000, and a
    /// tail quantile one or two exceedance sums when it shares its millicore with the one before (else a galloping search).
    /// </summary>
    public readonly void GridQuantilesAscending(ReadOnlySpan<double> ascending, Span<double> cores)
    {
        if (cores.Length < ascending.Length)
        {
            throw new ArgumentException("one output per percentile is needed", nameof(cores));
        }

        if (IsEmpty)
        {
            cores[..ascending.Length].Clear();
            return;
        }

        if (_censored.Count == 0)
        {
            ExactQuantilesAscending(ascending, cores);
            return;
        }

        double total = TotalWeight;
        var walk = new CensoredWalk(_exact.Total);
        for (int k = 0; k < ascending.Length; k++)
        {
            double allowed = (1.0 - ascending[k]) * total;
            cores[k] = SolveWithCensored(allowed + (CensoredTieSlack * total), ref walk, onGrid: true);
            walk.LastMillicores = (long)Math.Round(cores[k] * 1000.0);
        }
    }

    /// <summary>Remember quantiles until the returned scope ends: for one read-only pass (building a recommendation).</summary>
    public readonly MemoScope Remember()
    {
        _memo = new QuantileMemo(Identity);
        return default;
    }

    private readonly DemandQuantile Solve(double p)
    {
        double total = TotalWeight;
        double allowed = (1.0 - p) * total;
        double x = _censored.Count == 0 ? ExactQuantile(p * _exact.Total * (1 - TieSlack)) : SolveWithCensored(allowed + (CensoredTieSlack * total));
        double exactAtOrBelow = _exact.Total - ExactExceeding(x);
        var basis = exactAtOrBelow >= p * total * (1 - (_censored.Count == 0 ? TieSlack : CensoredTieSlack)) ? QuantileBasis.Observed : QuantileBasis.Extrapolated;
        return new DemandQuantile(x, basis);
    }

    public readonly HistogramState ToExactState()
    {
        var (buckets, weights) = _exact.Export();
        return new HistogramState
        {
            Scheme = Grid.Name,
            ReferenceTime = _clock.ReferenceTicks is long t ? new DateTimeOffset(t, TimeSpan.Zero) : null,
            Buckets = buckets,
            Weights = weights,
            TotalWeight = _exact.Total,
        };
    }

    public void Restore(HistogramShape shape, HistogramState exact, CensoredState censored)
    {
        Forget();
        if (exact.Version != HistogramState.CurrentVersion || exact.Scheme != Grid.Name)
        {
            throw new InvalidDataException($"demand checkpoint (version {exact.Version}, buckets '{exact.Scheme}') does not match this build (version {HistogramState.CurrentVersion}, '{Grid.Name}'); discard the checkpoint and let the history rebuild");
        }

        _exact.Import(exact.Buckets, exact.Weights, exact.TotalWeight, shape.MaxEntries, shape.BucketCount);
        _censored.Restore(censored);
        _clock.ReferenceTicks = exact.ReferenceTime?.UtcTicks;
    }

    private readonly double Exceeding(double x, out double tail) => ExactExceeding(x) + _censored.Exceeding(x, out tail);

    /// <summary>Exact weight strictly above x (grid values &gt; x, with the grid's float tolerance).</summary>
    private readonly double ExactExceeding(double x)
    {
        double at = Math.Floor((x * 1000.0) + 1e-6);
        double sum = 0;
        for (int i = _exact.Count - 1; i >= 0 && _exact.BucketAt(i) > at; i--)
        {
            sum += _exact.WeightAt(i);
        }

        return sum;
    }

    /// <summary><see cref="ExactQuantile"/> for ascending percentiles, resuming with the same running sum.</summary>
    private readonly void ExactQuantilesAscending(ReadOnlySpan<double> ascending, Span<double> cores)
    {
        int last = _exact.Count - 1;
        int i = 0;
        double partial = last > 0 ? _exact.WeightAt(0) : 0;
        for (int k = 0; k < ascending.Length; k++)
        {
            double threshold = ascending[k] * _exact.Total * (1 - TieSlack);
            while (i < last && partial < threshold)
            {
                i++;
                partial += i < last ? _exact.WeightAt(i) : 0;
            }

            cores[k] = Grid.BucketEnd(_exact.BucketAt(i));
        }
    }

    private readonly double ExactQuantile(double threshold)
    {
        double partial = 0;
        int last = _exact.Count - 1;
        for (int i = 0; i < last; i++)
        {
            partial += _exact.WeightAt(i);
            if (partial >= threshold)
            {
                return Grid.BucketEnd(_exact.BucketAt(i));
            }
        }

        return Grid.BucketEnd(_exact.BucketAt(last));
    }

    /// <summary>
    /// Walks the exact values upward: between two of them only the censored tail changes, so the
    /// answer is either the first exact value where total exceedance ≤ allowed, or a point in the gap
    /// before it where the tail alone brings it down; bisection finds that point.
    /// </summary>
    private readonly double SolveWithCensored(double allowed)
    {
        var walk = new CensoredWalk(_exact.Total);
        return SolveWithCensored(allowed, ref walk, onGrid: false);
    }

    /// <summary>
    /// The walk from where <paramref name="walk"/> stands; a later call with a smaller
    /// <paramref name="allowed"/> resumes there (every stopping test below only gets harder).
    /// </summary>
    private readonly double SolveWithCensored(double allowed, ref CensoredWalk walk, bool onGrid)
    {
        for (; walk.Index < _exact.Count; walk.Index++, walk.Subtracted = false)
        {
            double value = Grid.BucketEnd(_exact.BucketAt(walk.Index));
            if (!walk.Subtracted)
            {
                double gapAllowed = allowed - walk.ExactAbove;
                if (gapAllowed >= 0 && _censored.Exceeding(walk.Previous, out _) <= gapAllowed)
                {
                    return walk.Previous;
                }

                if (gapAllowed >= 0 && _censored.Exceeding(value, out _) <= gapAllowed)
                {
                    return onGrid ? GridSearch(walk.Previous, value, gapAllowed, walk.LastMillicores) : Bisect(walk.Previous, value, gapAllowed);
                }

                walk.ExactAbove -= _exact.WeightAt(walk.Index);
                if (walk.ExactAbove < 0)
                {
                    walk.ExactAbove = 0;
                }

                walk.Subtracted = true;
            }

            if (walk.ExactAbove + _censored.Exceeding(value, out _) <= allowed)
            {
                return value;
            }

            walk.Previous = value;
        }

        double hi = Math.Max(walk.Previous, _censored.UpperSearchBound(allowed));
        return _censored.Exceeding(walk.Previous, out _) <= allowed ? walk.Previous
            : onGrid ? GridSearch(walk.Previous, hi, allowed, walk.LastMillicores) : Bisect(walk.Previous, hi, allowed);
    }

    /// <summary>
    /// The smallest millicore in (lo, hi] (hi rounded up to one) with censored exceedance ≤ allowed, given that it
    /// holds at hi and fails below <paramref name="atLeastMillicores"/> (the previous, smaller p's answer): that
    /// one first, then steps of 1, 2, 4, … millicores up, then halving back.
    /// </summary>
    private readonly double GridSearch(double lo, double hi, double allowed, long atLeastMillicores)
    {
        long good = (long)Math.Ceiling((hi * 1000.0) - 1e-6);
        long bad = Math.Max((long)Math.Floor((lo * 1000.0) + 1e-6), atLeastMillicores - 1);
        for (long step = 1; bad + step < good; step *= 2)
        {
            if (_censored.Exceeding((bad + step) / 1000.0, out _) <= allowed)
            {
                good = bad + step;
                break;
            }

            bad += step;
        }

        while (good - bad > 1)
        {
            long mid = bad + ((good - bad) / 2);
            if (_censored.Exceeding(mid / 1000.0, out _) <= allowed)
            {
                good = mid;
            }
            else
            {
                bad = mid;
            }
        }

        return good / 1000.0;
    }

    /// <summary>Smallest x in (lo, hi] with censored exceedance ≤ allowed, given it holds at hi.</summary>
    private readonly double Bisect(double lo, double hi, double allowed)
    {
        for (int step = 0; step < BisectionSteps && hi - lo > 1e-9; step++)
        {
            double mid = lo + ((hi - lo) / 2);
            if (_censored.Exceeding(mid, out _) <= allowed)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        return hi;
    }

    /// <summary>
    /// What the per-thread memos know this model by: a struct has no identity, so an array it holds stands for it. A
    /// model with any weight holds an entries or a censored-slots array that no other model holds (only empty arrays
    /// are shared, and an empty model's answers are never remembered: they return before the memos are read), and it
    /// gets another only when it changes, which forgets what was remembered anyway. A copy is known as the original.
    /// </summary>
    private readonly object Identity => _exact.Count > 0 ? _exact.Identity : _censored.Identity;

    /// <summary>Drops what this thread remembers of this model: it is about to change.</summary>
    private readonly void Forget()
    {
        Interlocked.Increment(ref _generation);
        if (ReferenceEquals(_memo?.Owner, Identity))
        {
            _memo = null;
        }

        if (ReferenceEquals(_sampleOwner, Identity))
        {
            RememberedSample = null;
        }
    }

    /// <summary>Where <see cref="SolveWithCensored(double, ref CensoredWalk)"/> stands: value index, exact weight above it, the value before it.</summary>
    private struct CensoredWalk(double exactTotal)
    {
        public int Index;
        public double ExactAbove = exactTotal;
        public double Previous;

        /// <summary>True when ExactAbove already excludes the value at Index (its first two tests failed).</summary>
        public bool Subtracted;

        /// <summary>The last answer of a grid sweep, in millicores: the next one is at least that.</summary>
        public long LastMillicores;
    }

    /// <summary>Ends a <see cref="Remember"/> pass.</summary>
    internal readonly struct MemoScope : IDisposable
    {
        public void Dispose() => _memo = null;
    }
}
