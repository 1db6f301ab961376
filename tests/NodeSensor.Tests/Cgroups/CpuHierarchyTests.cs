using KernelTruth.NodeSensor.Cgroups;

namespace KernelTruth.NodeSensor.Tests.Cgroups;

public sealed class CpuHierarchyTests
{
    [Fact]
    public void Detect_V1SplitMounts_FindsEachControllerMount()
    {
        // The fixture lists cpuset and cpuacct before cpu: neither may be mistaken for cpu.
        var root = CgroupFixtures.PathOf("cgroup-v1");

        var hierarchy = CgroupFixtures.V1();

        Assert.Equal(new CpuHierarchy(1, Path.Join(root, "cpu"), Path.Join(root, "cpuacct"), Path.Join(root, "memory")), hierarchy);
    }

    [Fact]
    public void Detect_V1CoMounted_CpuacctIsTheCpuMount()
    {
        var root = CgroupFixtures.PathOf("cgroup-v1-comounted");

        var hierarchy = CgroupFixtures.V1CoMounted();

        Assert.Equal(1, hierarchy.Version);
        Assert.Equal(Path.Join(root, "cpu,cpuacct"), hierarchy.CpuMount);
        Assert.Equal(hierarchy.CpuMount, hierarchy.CpuacctMount);
        Assert.Equal(Path.Join(root, "memory"), hierarchy.MemoryMount);
    }

    [Fact]
    public void Detect_V2WithCpuController_UsesTheUnifiedMountForCpuAndMemory()
    {
        var root = CgroupFixtures.PathOf("cgroup-v2");

        var hierarchy = CgroupFixtures.V2();

        Assert.Equal(new CpuHierarchy(2, root, CpuacctMount: null, MemoryMount: root), hierarchy);
    }

    [Fact]
    public void Detect_NoCpuControllerAnywhere_ThrowsNamingTheMountInfoFile()
    {
        // no-cpu has v1 cpuset/cpuacct/memory and a cgroup2 whose cgroup.controllers is "hugetlb".
        var mountInfo = CgroupFixtures.PathOf("mountinfo", "no-cpu");

        var error = Assert.Throws<InvalidOperationException>(
            () => CpuHierarchy.Detect(mountInfo, CgroupFixtures.PathOf("cgroup-v1")));

        Assert.Contains("No cgroup hierarchy has the cpu controller", error.Message);
        Assert.Contains(mountInfo, error.Message);
    }

    [Fact]
    public void Detect_V1InContainerWithHostMountListedFirst_UsesTheEntryThatExistsUnderTheOverride()
    {
        // A DaemonSet pod: the host's cgroupfs is bind-mounted at /host/sys/fs/cgroup (its cgroup
        // entries may come first in mountinfo) and --cgroup-root points there. Rebasing the bind
        // mount's own entry gives <root>/host/sys/fs/cgroup/cpu,cpuacct, which does not exist.
        using var tree = new TempTree();
        var cpu = tree.Create("cpu,cpuacct");
        var mountInfo = tree.Write("mountinfo", string.Join('\n',
            "500 400 0:27 / /host/sys/fs/cgroup/cpu,cpuacct ro,nosuid,nodev,noexec,relatime - cgroup cgroup rw,cpu,cpuacct",
            "300 200 0:27 /kubepods/pod1/c1 /sys/fs/cgroup/cpu,cpuacct ro,nosuid,nodev,noexec,relatime - cgroup cgroup rw,cpu,cpuacct",
            ""));

        var hierarchy = CpuHierarchy.Detect(mountInfo, tree.Root);

        Assert.Equal(1, hierarchy.Version);
        Assert.Equal(cpu, hierarchy.CpuMount);
        Assert.Equal(cpu, hierarchy.CpuacctMount);
    }

    [Fact]
    public void Detect_WithoutOverride_UsesMountPointsAsListed()
    {
        var hierarchy = CpuHierarchy.Detect(CgroupFixtures.PathOf("mountinfo", "v1-split"));

        Assert.Equal(new CpuHierarchy(1, "/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpuacct", "/sys/fs/cgroup/memory"), hierarchy);
    }

    [Theory]
    [InlineData("/", "/sys/fs/cgroup/cpu")]
    [InlineData("/kubepods/burstable", "/sys/fs/cgroup/cpu/kubepods/burstable")]
    public void CpuDirectory_RelativePath_IsUnderTheCpuMount(string relativePath, string expected)
    {
        var hierarchy = new CpuHierarchy(1, "/sys/fs/cgroup/cpu", null, null);

        Assert.Equal(expected, hierarchy.CpuDirectory(relativePath));
        Assert.Null(hierarchy.CpuacctDirectory(relativePath));
        Assert.Null(hierarchy.MemoryDirectory(relativePath));
    }
}
