using KernelTruth.NodeSensor.KernelFiles;
using KernelTruth.NodeSensor.Tests.Cgroups;

namespace KernelTruth.NodeSensor.Tests.KernelFiles;

public sealed class MemoryReaderTests
{
    [Fact]
    public void Read_V2Container_ReadsCurrentPeakOomKillsAndInactiveFile() =>
        Assert.Equal(
            new MemoryUsage(48_234_496, 61_865_984, 1, 8_388_608),
            MemoryReader.Read(CgroupFixtures.V2(), CgroupFixtures.V2Container));

    [Fact]
    public void Read_V2Container_WorkingSetIsUsageMinusInactiveFile() =>
        // memory.current 48 234 496 − inactive_file 8 388 608 = 39 845 888
        Assert.Equal(39_845_888UL, MemoryReader.Read(CgroupFixtures.V2(), CgroupFixtures.V2Container)?.WorkingSetBytes);

    [Fact]
    public void Read_V1Container_WorkingSetSubtractsTotalInactiveFileNotTheCgroupsOwn() =>
        // usage_in_bytes counts descendants, so does total_inactive_file (40 960 000), not inactive_file (20 480 000):
        // 131 072 000 − 40 960 000 = 90 112 000
        Assert.Equal(90_112_000UL, MemoryReader.Read(CgroupFixtures.V1(), CgroupFixtures.V1Container)?.WorkingSetBytes);

    [Fact]
    public void WorkingSet_InactiveAboveUsage_IsZeroNotNegative() =>
        Assert.Equal(0UL, new MemoryUsage(1000, null, null, 4096).WorkingSetBytes);

    [Fact]
    public void WorkingSet_NoMemoryStat_IsUnknown() =>
        Assert.Null(MemoryReader.Read(CgroupFixtures.V2(), "/system.slice/containerd.service")?.WorkingSetBytes);

    [Fact]
    public void Read_V2KernelWithoutMemoryPeak_PeakIsNull() =>
        Assert.Equal(
            new MemoryUsage(73_400_320, null, 0),
            MemoryReader.Read(CgroupFixtures.V2(), "/system.slice/containerd.service"));

    [Fact]
    public void Read_V2RootWithoutMemoryCurrent_IsNull() =>
        Assert.Null(MemoryReader.Read(CgroupFixtures.V2(), "/"));

    [Fact]
    public void Read_V1Container_ReadsUsageMaxUsageOomKillsAndTotalInactiveFile() =>
        Assert.Equal(
            new MemoryUsage(131_072_000, 188_416_000, 3, 40_960_000),
            MemoryReader.Read(CgroupFixtures.V1(), CgroupFixtures.V1Container));

    [Fact]
    public void Read_V1PathAbsentFromMemoryHierarchy_IsNull() =>
        Assert.Null(MemoryReader.Read(CgroupFixtures.V1(), "/legacy"));

    [Fact]
    public void Read_V1WithoutMemoryMount_IsNull() =>
        Assert.Null(MemoryReader.Read(CgroupFixtures.V1() with { MemoryMount = null }, CgroupFixtures.V1Container));

    [Fact]
    public void Read_V2MissingCgroupDirectory_ThrowsCgroupGone() =>
        Assert.Throws<CgroupGoneException>(() => MemoryReader.Read(CgroupFixtures.V2(), "/kubepods.slice/gone.slice"));
}
