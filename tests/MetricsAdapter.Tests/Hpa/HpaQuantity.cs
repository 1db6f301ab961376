using System.Globalization;

namespace KernelTruth.MetricsAdapter.Tests.Hpa;

/// <summary>
/// resource.Quantity → MilliValue() as the HPA reads values (decimal SI suffixes m, k, M, G and
/// plain decimals; anything else fails the test as it would fail the HPA's decode).
/// </summary>
internal static class HpaQuantity
{
    public static long MilliValue(string q)
    {
        Assert.False(string.IsNullOrEmpty(q), "quantity is empty");
        (string number, decimal scale) = q[^1] switch
        {
            'm' => (q[..^1], 0.001m),
            'k' => (q[..^1], 1_000m),
            'M' => (q[..^1], 1_000_000m),
            'G' => (q[..^1], 1_000_000_000m),
            _ => (q, 1m),
        };
        Assert.True(decimal.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value), $"'{q}' is not a quantity");
        return (long)Math.Ceiling(value * scale * 1000); // MilliValue rounds up
    }
}
