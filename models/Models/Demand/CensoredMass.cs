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
/// </remarks>
// A mutable struct held in a field of DemandModel; never copy it.
internal struct CensoredMass
{
    public const int MaxLimits = 4;
    private const int LimitSlot = 0;
    private const int WeightSlot = MaxLimits;
    private const int ExcessSlot = 2 * MaxLimits;

    // Allocated on the first throttled period: most containers are never throttled.
    // One array, [limits (millicores) | weights | weighted excess] × MaxLimits: one header instead of three.
    private double[] _slots;

    public CensoredMass()
    {
        _slots = [];
    }

    public int Count { readonly get; private set; }

    public double Total { readonly get; private set; }

    public readonly double LimitAt(int i) => _slots[i] / 1000.0;

    public readonly double WeightAt(int i) => _slots[WeightSlot + i];

    /// <summary>Weighted mean excess μ of entry i in cores.</summary>
    public readonly double MeanExcessAt(int i) => _slots[WeightSlot + i] > 0 ? _slots[ExcessSlot + i] / _slots[WeightSlot + i] : 0.0;

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
                MergeLightest();
            }

            EnsureArrays();
            i = Count++;
            _slots[LimitSlot + i] = key;
            _slots[WeightSlot + i] = 0;
            _slots[ExcessSlot + i] = 0;
        }

        _slots[WeightSlot + i] += weight;
        _slots[ExcessSlot + i] += weight * meanExcessCores;
        Total += weight;
    }

    public void Scale(double factor)
    {
        for (int i = 0; i < Count; i++)
        {
            _slots[WeightSlot + i] *= factor;
            _slots[ExcessSlot + i] *= factor;
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
                sure += _slots[WeightSlot + i];
                continue;
            }

            double mu = MeanExcessAt(i);
            if (mu > 0)
            {
                tail += _slots[WeightSlot + i] * Math.Max(0.0, 1.0 - ((x - limit) / (2 * mu)));
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
            sum += _slots[WeightSlot + i] * LimitAt(i) + _slots[ExcessSlot + i];
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
        LimitMillicores = Array.ConvertAll(Slice(LimitSlot), static m => (int)m),
        Weights = Slice(WeightSlot),
        WeightedExcess = Slice(ExcessSlot),
        Total = Total,
    };

    public void Restore(CensoredState state)
    {
        int n = state.LimitMillicores.Length;
        if (n > MaxLimits || state.Weights.Length != n || state.WeightedExcess.Length != n)
        {
            throw new InvalidDataException($"censored-demand state must hold at most {MaxLimits} limits with one weight and one excess each");
        }

        EnsureArrays();
        for (int i = 0; i < n; i++)
        {
            _slots[LimitSlot + i] = state.LimitMillicores[i];
            _slots[WeightSlot + i] = state.Weights[i];
            _slots[ExcessSlot + i] = state.WeightedExcess[i];
        }
        Count = n;
        Total = state.Total;
    }

    private void EnsureArrays()
    {
        if (_slots.Length == 0)
        {
            _slots = new double[3 * MaxLimits];
        }
    }

    private readonly double[] Slice(int start) => _slots.Length == 0 ? [] : _slots[start..(start + Count)];

    private readonly int IndexOf(int key)
    {
        for (int i = 0; i < Count; i++)
        {
            if (_slots[LimitSlot + i] == key)
            {
                return i;
            }
        }

        return -1;
    }

    private void MergeLightest()
    {
        int lightest = 0;
        for (int i = 1; i < Count; i++)
        {
            if (_slots[WeightSlot + i] < _slots[WeightSlot + lightest])
            {
                lightest = i;
            }
        }

        int nearest = -1;
        for (int i = 0; i < Count; i++)
        {
            if (i != lightest && (nearest < 0 || Math.Abs(_slots[LimitSlot + i] - _slots[LimitSlot + lightest]) < Math.Abs(_slots[LimitSlot + nearest] - _slots[LimitSlot + lightest])))
            {
                nearest = i;
            }
        }

        _slots[WeightSlot + nearest] += _slots[WeightSlot + lightest];
        _slots[ExcessSlot + nearest] += _slots[ExcessSlot + lightest];
        Count--;
        _slots[LimitSlot + lightest] = _slots[LimitSlot + Count];
        _slots[WeightSlot + lightest] = _slots[WeightSlot + Count];
        _slots[ExcessSlot + lightest] = _slots[ExcessSlot + Count];
    }
}
