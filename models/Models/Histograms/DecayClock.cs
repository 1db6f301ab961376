namespace KernelTruth.Models.Histograms;

/// <summary>
/// Exponential decay as VPA's decaying histogram does it: a sample at time t weighs
/// w·2^((t − ref)/halfLife), so newer samples weigh more and ratios between weights, which is all a
/// percentile reads, decay with time. The reference is renormalised when the exponent would pass
/// the entries' limit (100 as in VPA for double weights, 64 for float ones, see <see cref="CompactWeight"/>): it moves to t rounded to a whole half-life and existing weights are scaled by an exact power
/// of two.
/// </summary>
/// <remarks>
/// Worked example, half-life 24 h, reference 00:00: a sample at 12:00 weighs w·2^0.5 = 1.414·w; one
/// 7 days later weighs 128× a sample at the reference, so a week-old sample counts 1/128.
/// Rounding is to a multiple of the half-life since 0001-01-01, the zero time of Go and of .NET ticks.
/// </remarks>
// A mutable struct held in a field of its owner (see SparseWeights); never copy it.
internal struct DecayClock
{
    public DecayClock()
    {
        _reference = long.MinValue;
    }

    // long.MinValue = no sample yet; a long? would cost 8 more bytes in every histogram.
    private long _reference = long.MinValue;

    /// <summary>UTC ticks of the reference time; null until the first sample.</summary>
    public long? ReferenceTicks
    {
        readonly get => _reference == long.MinValue ? null : _reference;
        set => _reference = value ?? long.MinValue;
    }

    /// <summary>
    /// The decay multiplier of a sample at <paramref name="time"/>. When the reference had to move,
    /// <paramref name="rescale"/> is the power of two every existing weight must be multiplied by
    /// first; otherwise it is 1.
    /// </summary>
    public double Factor(DateTimeOffset time, TimeSpan halfLifeSpan, int maxDecayExponent, out double rescale)
    {
        long t = time.UtcTicks;
        long halfLife = halfLifeSpan.Ticks;
        rescale = 1.0;
        if (ReferenceTicks is not long reference)
        {
            reference = RoundToHalfLife(t, halfLife);
            ReferenceTicks = reference;
        }
        else if (t - reference > halfLife * maxDecayExponent)
        {
            long moved = RoundToHalfLife(t, halfLife);
            int exponent = (int)Math.Round((double)(reference - moved) / halfLife, MidpointRounding.AwayFromZero);
            rescale = Math.ScaleB(1.0, exponent);
            reference = moved;
            ReferenceTicks = reference;
        }

        return Math.Pow(2.0, (double)(t - reference) / halfLife);
    }

    /// <summary>2^((other − this)/halfLife): converts weights kept against another reference to this one.</summary>
    public readonly double FactorFor(long otherReferenceTicks, TimeSpan halfLife) =>
        ReferenceTicks is long reference ? Math.Pow(2.0, (double)(otherReferenceTicks - reference) / halfLife.Ticks) : 1.0;

    private static long RoundToHalfLife(long ticks, long halfLife) => (ticks + (halfLife / 2)) / halfLife * halfLife;
}
