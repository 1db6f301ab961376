namespace KernelTruth.Models.Demand;

/// <summary>
/// Throttled periods, kept apart from exact observations because their usage is censored: in a
/// throttled period usage equals the quota, and all we know is demand ≥ the limit L. Each entry is
/// one limit with its decayed weight and the decayed weight × mean excess μ above L.
/// </summary>
/// <remarks>
/// Above L the mass is spread uniformly over [L, L + 2μ], mean L + μ (see <see cref="DemandModel"/>),
/// with μ capped at L·(<see cref="ModelDefaults.CensoredGrowthCap"/> − 1)/2 so the support ends at
/// most at 2L. P(d &gt; x) for this mass is 1 below L, 1 − (x − L)/(2μ) on the support, 0 above.
/// Why bounded and not an exponential tail: the excess is not measurable (throttle wait only bounds
/// it), and an exponential's long tail made the 1 %-throttling limit L + 4.6μ, ten times the true
/// demand on the kernel. A bounded step plus re-observation at the raised limit converges instead.
/// Worked example: weight 100 at L = 0.2 with μ = 0.1 (the cap); support [0.2, 0.4];
/// P(d &gt; 0.3) = 1 − 0.1/0.2 = 0.5 ⇒ 50 of the 100.
/// Intervals at the same limit pool into one entry with the weighted mean μ. At most
/// <see cref="MaxLimits"/> limits are kept; a further one merges the lightest entry into the nearest limit.
/// Only the limits seen take room: one limit is 3 doubles.
/// </remarks>
// A mutable struct held in a field of DemandModel; never copy it.
internal struct CensoredMass
{
    public const int MaxLimits = 4;

    // Per entry: limit (millicores), decayed weight, decayed weight × mean excess.
    private const int Stride = 3;
    private const int LimitSlot = 0;
    private const int WeightSlot = 1;
    private const int ExcessSlot = 2;

    // Empty until the first throttled period (most containers are never throttled), then one entry per limit
    // seen, [limit, weight, excess] side by side in one array: a workload throttled at one limit holds 3 doubles
    // (48 bytes with the header) instead of room for all MaxLimits (120 bytes).
    private double[] _slots;

    public CensoredMass()
    {
        _slots = [];
    }

    /// <summary>Limits held: the array holds exactly these entries, so no count is kept beside it (8 bytes with padding).</summary>
    public readonly int Count => _slots.Length / Stride;

    public double Total { readonly get; private set; }

    /// <summary>The slots array, for the demand model to be known by (see <see cref="SparseWeights{TEntry}.Identity"/>).</summary>
    public readonly object Identity => _slots;

    /// <summary>Managed bytes held by the entries' array, its 24-byte header included.</summary>
    public readonly int RetainedBytes => _slots.Length == 0 ? 0 : 24 + (_slots.Length * sizeof(double));

    public readonly double LimitAt(int i) => At(i, LimitSlot) / 1000.0;

    public readonly double WeightAt(int i) => At(i, WeightSlot);

    /// <summary>Weighted mean excess μ of entry i in cores.</summary>
    public readonly double MeanExcessAt(int i) => WeightAt(i) > 0 ? ExcessAt(i) / WeightAt(i) : 0.0;

    public void Add(double limitCores, double weight, double meanExcessCores)
    {
        if (!(weight > 0))
        {
            return;
        }

        int key = (int)Math.Round(limitCores * 1000.0, MidpointRounding.AwayFromZero);
        int i = IndexOf(key);
        if (i < 0)
        {
            if (Count == MaxLimits)
            {
                i = MergeLightest();
            }
            else
            {
                // One entry more: a second limit is rare (the limit changed), and each spare entry would cost 24 bytes.
                i = Count;
                Array.Resize(ref _slots, Stride * (i + 1));
            }

            At(i, LimitSlot) = key;
            At(i, WeightSlot) = 0;
            At(i, ExcessSlot) = 0;
        }

        At(i, WeightSlot) += weight;
        At(i, ExcessSlot) += weight * meanExcessCores;
        Total += weight;
    }

    public void Scale(double factor)
    {
        for (int i = 0; i < Count; i++)
        {
            At(i, WeightSlot) *= factor;
            At(i, ExcessSlot) *= factor;
        }

        Total *= factor;
    }

    /// <summary>Weight of this mass with demand &gt; x; <paramref name="tail"/> is the part that rests on the censored-demand assumption.</summary>
    public readonly double Exceeding(double x, out double tail)
    {
        double sure = 0;
        tail = 0;
        for (int i = 0; i < Count; i++)
        {
            double limit = LimitAt(i);
            if (x < limit)
            {
                sure += At(i, WeightSlot);
                continue;
            }

            double mu = MeanExcessAt(i);
            if (mu > 0)
            {
                tail += At(i, WeightSlot) * Math.Max(0.0, 1.0 - ((x - limit) / (2 * mu)));
            }
        }

        return sure + tail;
    }

    /// <summary>Σ weight × (L + μ): this mass's contribution to the demand mean's numerator.</summary>
    public readonly double WeightedMean()
    {
        double sum = 0;
        for (int i = 0; i < Count; i++)
        {
            sum += At(i, WeightSlot) * LimitAt(i) + At(i, ExcessSlot);
        }

        return sum;
    }

    /// <summary>A demand high enough that at most <paramref name="allowed"/> of this mass exceeds it.</summary>
    public readonly double UpperSearchBound(double allowed)
    {
        double bound = 0;
        for (int i = 0; i < Count; i++)
        {
            double limit = LimitAt(i);
            double mu = MeanExcessAt(i);
            bound = Math.Max(bound, limit + (2 * mu)); // the whole support lies below it
        }

        return bound;
    }

    public readonly CensoredState ToState() => new()
    {
        LimitMillicores = Column(LimitSlot, static m => (int)m),
        Weights = Column(WeightSlot, static w => w),
        WeightedExcess = Column(ExcessSlot, static e => e),
        Total = Total,
    };

    public void Restore(CensoredState state)
    {
        int n = state.LimitMillicores.Length;
        if (n > MaxLimits || state.Weights.Length != n || state.WeightedExcess.Length != n)
        {
            throw new InvalidDataException($"censored-demand state must hold at most {MaxLimits} limits with one weight and one excess each");
        }

        // Sized to the entries restored: a restored never-throttled model holds no array, as a new one.
        _slots = n == 0 ? [] : new double[Stride * n];
        for (int i = 0; i < n; i++)
        {
            At(i, LimitSlot) = state.LimitMillicores[i];
            At(i, WeightSlot) = state.Weights[i];
            At(i, ExcessSlot) = state.WeightedExcess[i];
        }
        Total = state.Total;
    }

    private readonly T[] Column<T>(int field, Func<double, T> convert)
    {
        var column = new T[Count];
        for (int i = 0; i < Count; i++)
        {
            column[i] = convert(At(i, field));
        }

        return column;
    }

    private readonly double ExcessAt(int i) => At(i, ExcessSlot);

    private readonly ref double At(int entry, int field) => ref _slots[(Stride * entry) + field];

    private readonly int IndexOf(int key)
    {
        for (int i = 0; i < Count; i++)
        {
            if (At(i, LimitSlot) == key)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Merges the lightest entry into the one with the nearest limit and moves the last entry into its place; returns the last index, now free.</summary>
    private readonly int MergeLightest()
    {
        int lightest = 0;
        for (int i = 1; i < Count; i++)
        {
            if (At(i, WeightSlot) < At(lightest, WeightSlot))
            {
                lightest = i;
            }
        }

        int nearest = -1;
        for (int i = 0; i < Count; i++)
        {
            if (i != lightest && (nearest < 0 || Math.Abs(At(i, LimitSlot) - At(lightest, LimitSlot)) < Math.Abs(At(nearest, LimitSlot) - At(lightest, LimitSlot))))
            {
                nearest = i;
            }
        }

        At(nearest, WeightSlot) += At(lightest, WeightSlot);
        At(nearest, ExcessSlot) += At(lightest, ExcessSlot);
        int last = Count - 1;
        At(lightest, LimitSlot) = At(last, LimitSlot);
        At(lightest, WeightSlot) = At(last, WeightSlot);
        At(lightest, ExcessSlot) = At(last, ExcessSlot);
        return last;
    }
}
