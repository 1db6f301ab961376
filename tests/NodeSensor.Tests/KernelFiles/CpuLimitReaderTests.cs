using KernelTruth.NodeSensor.Cgroups;
using KernelTruth.NodeSensor.KernelFiles;
using KernelTruth.NodeSensor.Tests.Cgroups;

namespace KernelTruth.NodeSensor.Tests.KernelFiles;

public sealed class CpuLimitReaderTests
{
    [Fact]
    public void Read_V2QuotaAndPeriod_GivesCpus()
    {
        // cpu.max "20000 100000" ⇒ 20000 / 100000 = 0.2 CPUs; cpu.max.burst 5000.
        var limit = CpuLimitReader.Read(CgroupFixtures.V2(), CgroupFixtures.V2Container);

        Assert.Equal(new CpuLimit(20_000, 100_000, 5_000), limit);
        Assert.Equal(0.2, limit!.Cpus, 1e-12);
    }

    [Fact]
    public void Read_V2Max_IsUnlimited() =>
        Assert.Null(CpuLimitReader.Read(CgroupFixtures.V2(), CgroupFixtures.V2Pod));

    [Fact]
    public void Read_V2RootWithoutCpuMax_IsUnlimited() =>
        Assert.Null(CpuLimitReader.Read(CgroupFixtures.V2(), "/"));

    [Fact]
    public void Read_V1Quota_GivesCpusAndBurst()
    {
        // 50000 / 100000 = 0.5 CPUs.
        var limit = CpuLimitReader.Read(CgroupFixtures.V1(), CgroupFixtures.V1Container);

        Assert.Equal(new CpuLimit(50_000, 100_000, 10_000), limit);
        Assert.Equal(0.5, limit!.Cpus, 1e-12);
    }

    [Fact]
    public void Read_V1QuotaMinusOne_IsUnlimited() =>
        Assert.Null(CpuLimitReader.Read(CgroupFixtures.V1(), "/"));

    [Fact]
    public void Read_V1WithoutBurstFile_BurstIsZero()
    {
        // 150000 / 100000 = 1.5 CPUs.
        var limit = CpuLimitReader.Read(CgroupFixtures.V1(), "/legacy");

        Assert.Equal(new CpuLimit(150_000, 100_000, 0), limit);
        Assert.Equal(1.5, limit!.Cpus, 1e-12);
    }

    [Theory]
    [InlineData("20000")]
    [InlineData("20000 100000 7")]
    [InlineData("unlimited 100000")]
    [InlineData("0 100000")]
    [InlineData("20000 0")]
    public void Read_V2MalformedCpuMax_ThrowsNamingFile(string content)
    {
        using var tree = new TempTree();
        var file = tree.Write("/x/cpu.max", content + "\n");
        var hierarchy = new CpuHierarchy(2, tree.Root, null, tree.Root);

        var error = Assert.Throws<KernelFileFormatException>(() => CpuLimitReader.Read(hierarchy, "/x"));

        Assert.Equal(file, error.File);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Read_MissingCgroupDirectory_ThrowsCgroupGone(int version)
    {
        var hierarchy = version == 1 ? CgroupFixtures.V1() : CgroupFixtures.V2();

        Assert.Throws<CgroupGoneException>(() => CpuLimitReader.Read(hierarchy, "/kubepods/gone"));
    }
}
