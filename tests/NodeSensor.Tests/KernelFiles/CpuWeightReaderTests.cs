using KernelTruth.NodeSensor.KernelFiles;
using KernelTruth.NodeSensor.Tests.Cgroups;

namespace KernelTruth.NodeSensor.Tests.KernelFiles;

/// <summary>cpu.shares (v1) and cpu.weight (v2) from the fixture trees.</summary>
public sealed class CpuWeightReaderTests
{
    [Fact]
    public void Read_V1PodContainer_ReadsShares() =>
        Assert.Equal(((ulong?)512, (ulong?)null), CpuWeightReader.Read(CgroupFixtures.V1(), CgroupFixtures.V1Container));

    [Fact]
    public void Read_V1NonPodCgroup_ReadsItsDefault() =>
        Assert.Equal(((ulong?)1024, (ulong?)null), CpuWeightReader.Read(CgroupFixtures.V1(), "/legacy"));

    [Fact]
    public void Read_V2PodContainer_ReadsWeight() =>
        Assert.Equal(((ulong?)null, (ulong?)10), CpuWeightReader.Read(CgroupFixtures.V2(), CgroupFixtures.V2Container));

    [Fact]
    public void Read_V2Root_HasNoWeight() =>
        Assert.Equal(((ulong?)null, (ulong?)null), CpuWeightReader.Read(CgroupFixtures.V2(), "/"));

    [Fact]
    public void Read_MissingCgroup_ThrowsCgroupGone() =>
        Assert.Throws<CgroupGoneException>(() => CpuWeightReader.Read(CgroupFixtures.V2(), "/kubepods.slice/gone.slice"));
}
