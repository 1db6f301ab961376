using KernelTruth.Contracts.Units;

namespace KernelTruth.Contracts.Tests.Units;

public sealed class QuantityTests
{
    [Theory]
    [InlineData("250m", "0.25")]
    [InlineData("1", "1")]
    [InlineData("1.5", "1.5")]
    [InlineData(".5", "0.5")]
    [InlineData("2.", "2")]
    [InlineData("+3", "3")]
    [InlineData("-1m", "-0.001")]
    [InlineData("100n", "0.0000001")]
    [InlineData("5u", "0.000005")]
    [InlineData("1k", "1000")]
    [InlineData("1M", "1000000")]
    [InlineData("2G", "2000000000")]
    [InlineData("1T", "1000000000000")]
    [InlineData("1P", "1000000000000000")]
    [InlineData("1E", "1000000000000000000")]
    [InlineData("1Ki", "1024")]
    [InlineData("1.5Gi", "1610612736")] // 1.5 × 2^30
    [InlineData("512Mi", "536870912")]
    [InlineData("1Ti", "1099511627776")]
    [InlineData("1Pi", "1125899906842624")]
    [InlineData("1Ei", "1152921504606846976")]
    [InlineData("1e3", "1000")]
    [InlineData("1E3", "1000")] // an exponent, not exa: the suffix alternative fails at '3'
    [InlineData("12e-3", "0.012")]
    public void Parse_ValidQuantity_ExactValue(string text, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Quantity.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("m")]
    [InlineData("1.5.5")]
    [InlineData("1KB")]
    [InlineData("1ki")]
    [InlineData(" 1")]
    [InlineData("1 Mi")]
    [InlineData("abc")]
    [InlineData("1e")]
    [InlineData("1e99")]
    [InlineData("99999999999999999999999999999E")]
    public void TryParse_Invalid_FalseWithReason(string text)
    {
        Assert.False(Quantity.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Theory]
    [InlineData(0.45, "450m")]
    [InlineData(0.4501, "451m")] // rounded up: a request is never below the model's value
    [InlineData(2.0, "2000m")]
    [InlineData(0.001, "1m")]
    [InlineData(0.0, "0m")]
    public void FormatCpu_Cores_WholeMillicores(double cores, string expected)
    {
        Assert.Equal(expected, Quantity.FormatCpu(cores));
    }

    [Theory]
    [InlineData(314572800L, "300Mi")]
    [InlineData(1073741824L, "1Gi")]
    [InlineData(1536L * 1024 * 1024, "1536Mi")]
    [InlineData(1000L, "1000")]
    [InlineData(2048L, "2Ki")]
    [InlineData(0L, "0")]
    public void FormatBytes_Bytes_LargestExactBinarySuffix(long bytes, string expected)
    {
        Assert.Equal(expected, Quantity.FormatBytes(bytes));
        Assert.Equal(bytes, Quantity.ParseBytes(expected));
    }

    [Theory]
    [InlineData(1L, 1L << 20)]
    [InlineData(1L << 20, 1L << 20)]
    [InlineData((1L << 20) + 1, 2L << 20)]
    [InlineData(0L, 0L)]
    public void RoundUpToMebibyte_Bytes_NextWholeMebibyte(long bytes, long expected)
    {
        Assert.Equal(expected, Quantity.RoundUpToMebibyte(bytes));
    }

    [Fact]
    public void FormatCpu_ParsedBack_SameMillicores()
    {
        for (int millis = 0; millis < 5000; millis += 7)
        {
            double cores = millis / 1000.0;
            Assert.Equal(millis / 1000m, Quantity.Parse(Quantity.FormatCpu(cores)));
        }
    }

    [Theory]
    [InlineData("450m", 0.45)]
    [InlineData("2", 2.0)]
    [InlineData("250000u", 0.25)]
    [InlineData("300Mi", 314572800.0)] // 300 × 2^20
    [InlineData("500M", 500000000.0)]
    [InlineData("1e3", 1000.0)]
    [InlineData("128974848", 128974848.0)]
    public void TryParseNonNegative_Quantity_Value(string text, double expected)
    {
        Assert.True(Quantity.TryParseNonNegative(text, out double value));

        Assert.Equal(expected, value, 6);
    }

    [Theory]
    [InlineData("-5m")] // a request, a limit or a node's size is never negative
    [InlineData("12 cores")]
    [InlineData("1Xi")]
    [InlineData(null)]
    public void TryParseNonNegative_NegativeOrNotAQuantity_False(string? text)
    {
        Assert.False(Quantity.TryParseNonNegative(text, out double value));

        Assert.Equal(0, value);
    }

    [Theory]
    [InlineData(0.45, "450m")]
    [InlineData(0.4501, "450m")] // nearest, unlike FormatCpu's ceiling: display only
    [InlineData(2.0, "2000m")]
    [InlineData(0.0004, "0m")]
    public void FormatMillicores_Cores_NearestWholeMillicores(double cores, string expected) =>
        Assert.Equal(expected, Quantity.FormatMillicores(cores));

    [Theory]
    [InlineData(1.5, "1500m")]
    [InlineData(2.0, "2")] // whole units carry no suffix, as resource.Quantity writes them
    [InlineData(0.0004, "0")]
    [InlineData(0.0005, "1m")] // half away from zero
    [InlineData(0.3, "300m")]
    [InlineData(1234.5678, "1234568m")]
    [InlineData(double.NaN, "0")]
    [InlineData(double.PositiveInfinity, "0")]
    public void FormatMilli_Value_CanonicalMilliUnits(double value, string expected) =>
        Assert.Equal(expected, Quantity.FormatMilli(value));

    [Theory]
    [InlineData(1.5, "1500m")]
    [InlineData(2.0, "2")]
    [InlineData(0.25, "250m")]
    [InlineData(-1.5, "-1500m")]
    [InlineData(-1e13, "-9000000000000")] // clamped to -9e12 whole units
    [InlineData(double.NaN, "0")]
    public void TryFormatMilli_Value_SameTextAsUtf8(double value, string expected)
    {
        Span<byte> utf8 = stackalloc byte[Quantity.MaxMilliLength];

        Assert.True(Quantity.TryFormatMilli(value, utf8, out int written));

        Assert.Equal(expected, System.Text.Encoding.ASCII.GetString(utf8[..written]));
    }

    [Fact]
    public void TryFormatMilli_SpanTooShort_False()
    {
        // "1500m" needs 5 bytes: 4 hold the digits but not the suffix.
        Span<byte> utf8 = stackalloc byte[4];

        Assert.False(Quantity.TryFormatMilli(1.5, utf8, out _));
    }

    [Theory]
    [InlineData(314572800.0, "300Mi")]
    [InlineData(1610612736.0, "1.5Gi")]
    [InlineData(512.0, "512")]
    public void FormatBytesReadable_Bytes_OneDecimalBinarySuffix(double bytes, string expected) =>
        Assert.Equal(expected, Quantity.FormatBytesReadable(bytes));
}
