using KernelTruth.NodeSensor.Cgroups;
using KernelTruth.NodeSensor.KernelFiles;
using KernelTruth.NodeSensor.Tests.Cgroups;

namespace KernelTruth.NodeSensor.Tests.KernelFiles;

public sealed class CpuStatReaderTests
{
    [Fact]
    public void Read_V2Container_ConvertsMicrosecondsToNanoseconds()
    {
        // usage_usec 8327561 → 8 327 561 000 ns; throttled_usec 4187220 → 4 187 220 000 ns; burst_usec 18250 → 18 250 000 ns.
        var stat = CpuStatReader.Read(CgroupFixtures.V2(), CgroupFixtures.V2Container);

        Assert.Equal(new CpuStat(8_327_561_000, 1523, 312, 4_187_220_000, 4, 18_250_000), stat);
    }

    [Fact]
    public void Read_V2Root_BandwidthFieldsAbsent_AreZero()
    {
        var stat = CpuStatReader.Read(CgroupFixtures.V2(), "/");

        Assert.Equal(new CpuStat(9_283_746_512_000, 0, 0, 0, 0, 0), stat);
    }

    [Fact]
    public void Read_V2KernelWithoutBurstStatistics_BurstsAreZero()
    {
        var stat = CpuStatReader.Read(CgroupFixtures.V2(), "/system.slice/containerd.service");

        Assert.Equal(new CpuStat(120_034_551_000, 0, 0, 0, 0, 0), stat);
    }

    [Fact]
    public void Read_V1Container_TakesUsageFromCpuacct()
    {
        // throttled_time and burst_time are already ns on v1: no conversion.
        var stat = CpuStatReader.Read(CgroupFixtures.V1(), CgroupFixtures.V1Container);

        Assert.Equal(new CpuStat(412_398_712_334, 8121, 2245, 96_513_271_842, 3, 12_000_000), stat);
    }

    [Fact]
    public void Read_V1WithoutCpuacctDirectoryAndBurstLines_UsageUnknownBurstsZero()
    {
        var stat = CpuStatReader.Read(CgroupFixtures.V1(), "/legacy");

        Assert.Equal(new CpuStat(null, 40, 2, 81_234_567, 0, 0), stat);
    }

    [Fact]
    public void Read_V1CoMounted_ReadsUsageFromTheSameDirectory()
    {
        var stat = CpuStatReader.Read(CgroupFixtures.V1CoMounted(), "/");

        Assert.Equal(5_551_234_000UL, stat.UsageNs);
    }

    [Fact]
    public void Read_MalformedLine_ThrowsNamingFileAndLine()
    {
        var hierarchy = CgroupFixtures.V2();

        var error = Assert.Throws<KernelFileFormatException>(() => CpuStatReader.Read(hierarchy, "/broken.slice"));

        Assert.Equal(Path.Join(hierarchy.CpuMount, "broken.slice", "cpu.stat"), error.File);
        Assert.Equal(2, error.LineNumber);
        Assert.Equal("nr_periods twelve", error.Line);
        Assert.Contains("cpu.stat:2", error.Message);
        Assert.Contains("'nr_periods twelve'", error.Message);
    }

    [Fact]
    public void Read_V1MissingRequiredKey_ThrowsNamingTheKey()
    {
        using var tree = new TempTree();
        tree.Write("/cpu/x/cpu.stat", "nr_periods 1\nthrottled_time 0\n");
        var hierarchy = new CpuHierarchy(1, Path.Join(tree.Root, "cpu"), null, null);

        var error = Assert.Throws<KernelFileFormatException>(() => CpuStatReader.Read(hierarchy, "/x"));

        Assert.Contains("'nr_throttled'", error.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Read_MissingCgroupDirectory_ThrowsCgroupGone(int version)
    {
        var hierarchy = version == 1 ? CgroupFixtures.V1() : CgroupFixtures.V2();

        var error = Assert.Throws<CgroupGoneException>(() => CpuStatReader.Read(hierarchy, "/kubepods/gone"));

        Assert.Equal("/kubepods/gone", error.CgroupPath);
    }
}
