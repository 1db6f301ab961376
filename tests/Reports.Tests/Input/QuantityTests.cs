using KernelTruth.Reports.Input;

namespace KernelTruth.Reports.Tests.Input;

public sealed class QuantityTests
{
    [Theory]
    [InlineData("450m", 0.45)]
    [InlineData("2", 2.0)]
    [InlineData("1.5", 1.5)]
    [InlineData("250000u", 0.25)]
    [InlineData("300Mi", 314572800.0)]     // 300 × 2^20
    [InlineData("1Gi", 1073741824.0)]
    [InlineData("500M", 500000000.0)]
    [InlineData("1e3", 1000.0)]
    [InlineData("128974848", 128974848.0)]
    public void TryParse_KubernetesQuantities(string text, double expected)
    {
        Assert.True(Quantity.TryParse(text, out double value));
        Assert.Equal(expected, value, 6);
    }

    [Theory]
    [InlineData("")]
    [InlineData("m")]
    [InlineData("12 cores")]
    [InlineData("-5m")]
    [InlineData("1Xi")]
    public void TryParse_NotAQuantity_False(string text)
    {
        Assert.False(Quantity.TryParse(text, out _));
    }

    [Theory]
    [InlineData(0.45, "450m")]
    [InlineData(2.0, "2000m")]
    [InlineData(0.0004, "0m")]
    public void Cpu_WholeMillicores(double cores, string expected) => Assert.Equal(expected, Quantity.Cpu(cores));

    [Theory]
    [InlineData(314572800.0, "300Mi")]
    [InlineData(1610612736.0, "1.5Gi")]
    [InlineData(512.0, "512")]
    public void Memory_BinarySuffix(double bytes, string expected) => Assert.Equal(expected, Quantity.Memory(bytes));
}
