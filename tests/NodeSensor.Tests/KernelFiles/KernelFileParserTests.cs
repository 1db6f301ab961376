using KernelTruth.NodeSensor.KernelFiles;

namespace KernelTruth.NodeSensor.Tests.KernelFiles;

public sealed class KernelFileParserTests
{
    [Fact]
    public void ParseFlatKeyed_UnknownKeys_AreKept()
    {
        var values = KernelFileParser.ParseFlatKeyed("usage_usec 5\ncore_sched.force_idle_usec 7\n", "cpu.stat");

        Assert.Equal(5UL, values["usage_usec"]);
        Assert.Equal(7UL, values["core_sched.force_idle_usec"]);
    }

    [Theory]
    [InlineData("nr_periods 1\nnr_throttled\n", 2)]
    [InlineData("nr_periods 1 2\n", 1)]
    [InlineData("nr_periods -1\n", 1)]
    [InlineData("nr_periods 18446744073709551616\n", 1)]
    public void ParseFlatKeyed_BadLine_ThrowsWithLineNumber(string content, int expectedLine)
    {
        var error = Assert.Throws<KernelFileFormatException>(() => KernelFileParser.ParseFlatKeyed(content, "/x/cpu.stat"));

        Assert.Equal("/x/cpu.stat", error.File);
        Assert.Equal(expectedLine, error.LineNumber);
    }

    [Fact]
    public void ParseInt64_MinusOne_IsAccepted() =>
        Assert.Equal(-1L, KernelFileParser.ParseInt64("-1\n", "cpu.cfs_quota_us"));

    [Theory]
    [InlineData("")]
    [InlineData("-5\n")]
    [InlineData("12 13\n")]
    [InlineData("1\n2\n")]
    public void ParseUInt64_NotOneNonNegativeInteger_Throws(string content) =>
        Assert.Throws<KernelFileFormatException>(() => KernelFileParser.ParseUInt64(content, "memory.current"));
}
