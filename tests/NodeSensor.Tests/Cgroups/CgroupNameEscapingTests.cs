using System.Text;
using KernelTruth.NodeSensor.Cgroups;

namespace KernelTruth.NodeSensor.Tests.Cgroups;

public sealed class CgroupNameEscapingTests
{
    [Fact]
    public void Escape_InvalidByteBetweenAscii_WrittenAsLowerCaseHex() =>
        Assert.Equal("f\\xffo", CgroupNameEscaping.Escape([0x66, 0xFF, 0x6F]));

    [Fact]
    public void Escape_Backslash_Doubled() =>
        Assert.Equal("a\\\\x2db.service", CgroupNameEscaping.Escape("a\\x2db.service"u8));

    [Theory]
    [InlineData("kubepods-burstable-pod1f2e_3d4c.slice")]
    [InlineData("crème-brûlée")] // two-byte sequences
    [InlineData("日本語")] // three-byte sequences
    [InlineData("emoji-😀")] // a four-byte sequence (a surrogate pair in .NET)
    [InlineData("line\nbreak")] // valid UTF-8, however odd in a name
    public void Escape_ValidUtf8WithoutBackslash_Unchanged(string name) =>
        Assert.Equal(name, CgroupNameEscaping.Escape(Encoding.UTF8.GetBytes(name)));

    [Fact]
    public void Escape_WorkedExampleFromTheRule_MatchesAndRoundTrips()
    {
        byte[] raw = [0x66, 0xFF, 0x6F, 0x5C, 0x61, 0xC3, 0xA9]; // f, invalid, o, backslash, a, é

        string escaped = CgroupNameEscaping.Escape(raw);

        Assert.Equal("f\\xffo\\\\aé", escaped);
        Assert.Equal(raw, CgroupNameEscaping.Unescape(escaped));
    }

    [Theory]
    [InlineData(new byte[] { 0xC3 })] // a two-byte sequence cut off by the end
    [InlineData(new byte[] { 0xE6, 0x97 })] // a three-byte sequence cut off by the end
    [InlineData(new byte[] { 0xC0, 0xAF })] // an overlong '/': invalid, both bytes escaped
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // an encoded surrogate: invalid in UTF-8
    [InlineData(new byte[] { 0x80, 0x5C, 0x78, 0x38, 0x30 })] // a lone continuation byte, then the text "\x80"
    public void Escape_InvalidSequences_EveryByteEscapedAndRoundTrips(byte[] raw)
    {
        string escaped = CgroupNameEscaping.Escape(raw);

        Assert.DoesNotContain('\uFFFD', escaped);
        Assert.Equal(raw, CgroupNameEscaping.Unescape(escaped));
    }

    [Fact]
    public void Escape_LiteralEscapeTextAndTheByteItNames_EscapeDifferently()
    {
        // The four characters \x80 and the single byte 0x80: the doubled backslash keeps them apart.
        string text = CgroupNameEscaping.Escape("\\x80"u8);
        string raw = CgroupNameEscaping.Escape([0x80]);

        Assert.Equal("\\\\x80", text);
        Assert.Equal("\\x80", raw);
    }

    [Fact]
    public void Unescape_EveryByteValueAlone_RoundTrips()
    {
        for (int b = 1; b < 256; b++)
        {
            byte[] raw = [0x61, (byte)b, 0x62];
            Assert.Equal(raw, CgroupNameEscaping.Unescape(CgroupNameEscaping.Escape(raw)));
        }
    }

    [Fact]
    public void Unescape_UpperCaseHex_SameBytesAsLowerCase() =>
        Assert.Equal(CgroupNameEscaping.Unescape("f\\xffo"), CgroupNameEscaping.Unescape("f\\xFFo"));

    [Theory]
    [InlineData("trailing\\")]
    [InlineData("\\q")]
    [InlineData("short\\xf")]
    [InlineData("nothex\\xzz")]
    public void TryUnescape_StrayBackslash_FalseWithPosition(string escaped)
    {
        Assert.False(CgroupNameEscaping.TryUnescape(escaped, out _, out string? error));
        Assert.Contains($"position {escaped.IndexOf('\\', StringComparison.Ordinal)}", error, StringComparison.Ordinal);
    }
}
