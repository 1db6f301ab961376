using KernelTruth.NodeSensor.Cgroups;

namespace KernelTruth.NodeSensor.Tests.Cgroups;

public sealed class CgroupPathsTests
{
    private static readonly CpuHierarchy V1 = new(1, "/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpuacct", "/sys/fs/cgroup/memory");
    private static readonly CpuHierarchy V2 = new(2, "/sys/fs/cgroup", null, "/sys/fs/cgroup");

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/kubepods/burstable/podx", "/kubepods/burstable/podx")]
    [InlineData("kubepods/burstable/", "/kubepods/burstable")]
    [InlineData("//kubepods/./besteffort", "/kubepods/besteffort")]
    [InlineData("/sys/fs/cgroup/cpu", "/")]
    [InlineData("/sys/fs/cgroup/cpu/", "/")]
    [InlineData("/sys/fs/cgroup/cpu/kubepods/pod1", "/kubepods/pod1")]
    public void Normalize_V1RelativeOrAbsoluteUnderMount_ReturnsRelativePath(string input, string expected) =>
        Assert.Equal(expected, CgroupPaths.Normalize(input, V1));

    [Theory]
    [InlineData("/sys/fs/cgroup/kubepods.slice", "/kubepods.slice")]
    [InlineData("/kubepods.slice/kubepods-besteffort.slice", "/kubepods.slice/kubepods-besteffort.slice")]
    [InlineData("/sys/fs/cgroup", "/")]
    public void Normalize_V2RelativeOrAbsoluteUnderMount_ReturnsRelativePath(string input, string expected) =>
        Assert.Equal(expected, CgroupPaths.Normalize(input, V2));

    [Theory]
    [InlineData("/sys/fs/cgroup/memory/kubepods")]
    [InlineData("/sys/fs/cgroup/cpuacct/kubepods")]
    [InlineData("/sys/fs/cgroup/cpu,cpuacct/kubepods")]
    [InlineData("/sys/fs/cgroup")]
    public void Normalize_V1AbsolutePathOutsideCpuMount_ThrowsNamingTheMount(string input)
    {
        var error = Assert.Throws<ArgumentException>(() => CgroupPaths.Normalize(input, V1));

        Assert.Contains("outside the cpu cgroup mount '/sys/fs/cgroup/cpu'", error.Message);
    }

    [Theory]
    [InlineData("/kubepods/../system.slice")]
    [InlineData("/sys/fs/cgroup/cpu/../memory")]
    [InlineData("..")]
    public void Normalize_ParentReference_Throws(string input)
    {
        var error = Assert.Throws<ArgumentException>(() => CgroupPaths.Normalize(input, V1));

        Assert.Contains("'..'", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Normalize_Empty_Throws(string input) =>
        Assert.ThrowsAny<ArgumentException>(() => CgroupPaths.Normalize(input, V1));
}
