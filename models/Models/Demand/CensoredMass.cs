namespace KernelTruth.Models.Demand;

/// <summary>
/// Throttled periods, kept apart from exact observations because their usage is censored: in a
/// throttled period usage equals the quota, and all we know is demand ≥ the limit L. Each entry is
/// one limit with its decayed weight and the decayed weight × mean excess μ above L.
/// </summary>
/// <remarks>
/// Above L the mass is spread as an exponential tail of mean μ (see <see cref="DemandModel"/>):
/// P(d &gt; x) for this mass is 1 below L and e^(−(x − L)/μ) from L on.
/// Worked example: weight 100 at L = 0.2 with μ = 0.1; P(d &gt; 0.5) = e^(−3) = 0.0498 ⇒ 4.98 of the 100.
/// Intervals at the same limit pool into one exponential with the weighted mean μ; a mixture of
/// exponentials has a heavier tail than that, so very high quantiles from pooled entries are a
/// little low. At most <see cref="MaxLimits"/> limits are kept; a further one merges the lightest
/// entry into the nearest limit.
/// </remarks>
// A mutable struct held in a field of DemandModel; never copy it.
internal struct CensoredMass
{
    public const int MaxLimits = 4;

    // Allocated on the first throttled period: most containers are never throttled.
    private int[] _limitMillicores;
    private double[] _weights;
    private double[] _weightedExcess;

    public CensoredMass()
    {
        _limitMillicores = [];
        _weights = [];
        _weightedExcess = [];
    }

    public int Count { readonly get; private set; }

    public double Total { readonly get; private set; }

    public readonly double LimitAt(int i) => _limitMillicores[i] / 1000.0;

    public readonly double WeightAt(int i) => _weights[i];

    /// <summary>Weighted mean excess μ of entry i in cores.</summary>
    public readonly double MeanExcessAt(int i) => _weights[i] > 0 ? _weightedExcess[i] / _weights[i] : 0.0;

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
            _limitMillicores[i] = key;
            _weights[i] = 0;
            _weightedExcess[i] = 0;
        }

        _weights[i] += weight;
        _weightedExcess[i] += weight * meanExcessCores;
        Total += weight;
    }

    public void Scale(double factor)
    {
        for (int i = 0; i < Count; i++)
        {
            _weights[i] *= factor;
            _weightedExcess[i] *= factor;
        }

        Total *= factor;
    }

    /// <summary>Weight of this mass with demand &gt; x; <paramref name="tail"/> is the part that rests on the exponential assumption.</summary>
    public readonly double Exceeding(double x, out double tail)
    {
        double sure = 0;
        tail = 0;
        for (int i = 0; i < Count; i++)
        {
            double limit = LimitAt(i);
            if (x < limit)
            {
                sure += _weights[i];
                continue;
            }

            double mu = MeanExcessAt(i);
            if (mu > 0)
            {
                tail += _weights[i] * Math.Exp(-(x - limit) / mu);
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
            sum += _weights[i] * LimitAt(i) + _weightedExcess[i];
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
            double share = allowed / Count;
            double x = mu > 0 && _weights[i] > share ? limit + (mu * Math.Log(_weights[i] / share)) : limit;
            bound = Math.Max(bound, x);
        }

        return bound;
    }

    public readonly CensoredState ToState() => new()
    {
        LimitMillicores = _limitMillicores[..Count],
        Weights = _weights[..Count],
        WeightedExcess = _weightedExcess[..Count],
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
        state.LimitMillicores.CopyTo(_limitMillicores, 0);
        state.Weights.CopyTo(_weights, 0);
        state.WeightedExcess.CopyTo(_weightedExcess, 0);
        Count = n;
        Total = state.Total;
    }

    private void EnsureArrays()
    {
        if (_limitMillicores.Length == 0)
        {
            _limitMillicores = new int[MaxLimits];
            _weights = new double[MaxLimits];
            _weightedExcess = new double[MaxLimits];
        }
    }

    private readonly int IndexOf(int key)
    {
        for (int i = 0; i < Count; i++)
        {
            if (_limitMillicores[i] == key)
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
            if (_weights[i] < _weights[lightest])
            {
                lightest = i;
            }
        }

        int nearest = -1;
        for (int i = 0; i < Count; i++)
        {
            if (i != lightest && (nearest < 0 || Math.Abs(_limitMillicores[i] - _limitMillicores[lightest]) < Math.Abs(_limitMillicores[nearest] - _limitMillicores[lightest])))
            {
                nearest = i;
            }
        }

        _weights[nearest] += _weights[lightest];
        _weightedExcess[nearest] += _weightedExcess[lightest];
        Count--;
        _limitMillicores[lightest] = _limitMillicores[Count];
        _weights[lightest] = _weights[Count];
        _weightedExcess[lightest] = _weightedExcess[Count];
    }
}
