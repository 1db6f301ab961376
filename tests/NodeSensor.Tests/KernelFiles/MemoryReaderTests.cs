using KernelTruth.NodeSensor.KernelFiles;
using KernelTruth.NodeSensor.Tests.Cgroups;

namespace KernelTruth.NodeSensor.Tests.KernelFiles;

public sealed class MemoryReaderTests
{
    [Fact]
    public void Read_V2Container_ReadsCurrentPeakAndOomKills() =>
        Assert.Equal(
            new MemoryUsage(48_234_496, 61_865_984, 1),
            MemoryReader.Read(CgroupFixtures.V2(), CgroupFixtures.V2Container));

    [Fact]
    public void Read_V2KernelWithoutMemoryPeak_PeakIsNull() =>
        Assert.Equal(
            new MemoryUsage(73_400_320, null, 0),
            MemoryReader.Read(CgroupFixtures.V2(), "/system.slice/containerd.service"));

    [Fact]
    public void Read_V2RootWithoutMemoryCurrent_IsNull() =>
        Assert.Null(MemoryReader.Read(CgroupFixtures.V2(), "/"));

    [Fact]
    public void Read_V1Container_ReadsUsageMaxUsageAndOomKills() =>
        Assert.Equal(
            new MemoryUsage(131_072_000, 188_416_000, 3),
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
