using KernelTruth.Contracts.Units;

namespace KernelTruth.Contracts.Tests.Units;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("1s", 1_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("2m", 120_000)] // 2 × 60 000 ms, not 2 ms: "m" is minutes, "ms" milliseconds
    [InlineData("1h", 3_600_000)]
    [InlineData(" 1s ", 1_000)]
    public void TryParse_NumberWithUnit_Milliseconds(string text, double expectedMs)
    {
        Assert.True(DurationParser.TryParse(text, out var value));

        Assert.Equal(expectedMs, value.TotalMilliseconds, precision: 6);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("1")] // no unit
    [InlineData("1x")] // unknown unit
    [InlineData("-1s")] // negative
    [InlineData("NaNs")] // not a number, though double.TryParse reads "NaN"
    [InlineData("Infinitys")]
    [InlineData("s")]
    [InlineData("1e300h")] // beyond TimeSpan.MaxValue: rejected, not an OverflowException
    public void TryParse_NotADuration_Rejected(string text)
    {
        Assert.False(DurationParser.TryParse(text, out var value));

        Assert.Equal(TimeSpan.Zero, value);
    }
}
