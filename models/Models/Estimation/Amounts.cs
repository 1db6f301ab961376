namespace KernelTruth.Models.Estimation;

/// <summary>How intermediate estimates are held between decorators.</summary>
internal enum Amounts
{
    /// <summary>Doubles, unrounded: kernel-truth's own estimates (rounded once, at the end).</summary>
    Exact,

    /// <summary>
    /// VPA's ResourceAmount, an int64 in millicores or bytes: every step truncates toward zero,
    /// negatives become 0 and values above 1e14 become 1e14 (resourceAmountFromFloat).
    /// Worked example: P90 = 0.1103 core ⇒ 110 m; margin trunc(110·0.15) = 16 ⇒ 126 m.
    /// </summary>
    VpaResourceAmount,
}

internal static class AmountsExtensions
{
    /// <summary>VPA's MaxResourceAmount.</summary>
    public const double MaxResourceAmount = 1e14;

    public static double Apply(this Amounts amounts, double value)
    {
        if (amounts == Amounts.Exact)
        {
            return value;
        }

        // NaN (0 × ∞ with no history) is 0 here; Go's int64(NaN) is undefined.
        if (!(value >= 0))
        {
            return 0;
        }

        return value > MaxResourceAmount ? MaxResourceAmount : Math.Truncate(value);
    }
}
