using KernelTruth.NodeSensor.Cgroups;
using KernelTruth.NodeSensor.Tests.Kernel;

namespace KernelTruth.NodeSensor.Tests.Cgroups;

/// <summary>Against the running kernel's cpu hierarchy (root required; see <see cref="TestCgroup"/>).</summary>
public sealed class RealCgroupTests
{
    [Fact]
    public void CgroupIndex_NewCgroup_ResolvesItsInodeToTheRelativePath()
    {
        using var cgroup = TestCgroup.Create();
        var inode = cgroup.InodeFromStatCommand();
        var index = new CgroupIndex(cgroup.Hierarchy, TimeProvider.System);

        Assert.True(index.TryGetPath(inode, out var path), $"inode {inode} of {cgroup.Directory} not found by the walk");
        Assert.Equal(cgroup.RelativePath, path);
        Assert.True(index.TryGetId(cgroup.RelativePath, out var id));
        Assert.Equal(inode, id);
    }

    [Fact]
    public void CgroupIndex_RootOfCpuHierarchy_HasId1()
    {
        // kernfs numbers the root of every hierarchy 1 (notes §2.3: cpu and unified roots both have id 1).
        using var cgroup = TestCgroup.Create();
        var index = new CgroupIndex(cgroup.Hierarchy, TimeProvider.System);

        Assert.True(index.TryGetPath(1, out var path));
        Assert.Equal("/", path);
    }

    [Fact]
    public void Normalize_AbsolutePathOfRealCgroup_GivesItsRelativePath()
    {
        using var cgroup = TestCgroup.Create();

        Assert.Equal(cgroup.RelativePath, CgroupPaths.Normalize(cgroup.Directory, cgroup.Hierarchy));
    }

    [Fact]
    public void Detect_ThisMachine_FindsAHierarchyWithCpuFiles()
    {
        using var cgroup = TestCgroup.Create();
        var hierarchy = cgroup.Hierarchy;

        Assert.True(File.Exists(Path.Join(hierarchy.CpuMount, "cpu.stat")), $"{hierarchy.CpuMount} has no cpu.stat");
        var limitFile = hierarchy.Version == 1 ? "cpu.cfs_quota_us" : "cpu.max";
        Assert.True(File.Exists(Path.Join(cgroup.Directory, limitFile)), $"{cgroup.Directory} has no {limitFile}");
    }
}
