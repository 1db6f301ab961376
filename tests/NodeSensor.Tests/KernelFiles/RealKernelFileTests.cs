using KernelTruth.NodeSensor.KernelFiles;
using KernelTruth.NodeSensor.Tests.Kernel;

namespace KernelTruth.NodeSensor.Tests.KernelFiles;

/// <summary>Readers against cgroups of the running kernel (root required; see <see cref="TestCgroup"/>).</summary>
public sealed class RealKernelFileTests
{
    [Fact]
    public void CpuLimitReader_Quota20000Period100000_Gives0Point2Cpus()
    {
        using var cgroup = TestCgroup.Create();
        cgroup.SetLimit(quotaUs: 20_000, periodUs: 100_000);

        var limit = CpuLimitReader.Read(cgroup.Hierarchy, cgroup.RelativePath);

        Assert.NotNull(limit);
        Assert.Equal(0.2, limit.Cpus, 1e-12);
        Assert.Equal(new CpuLimit(20_000, 100_000, 0), limit);
    }

    [Fact]
    public void CpuLimitReader_NewCgroup_IsUnlimited()
    {
        using var cgroup = TestCgroup.Create();

        Assert.Null(CpuLimitReader.Read(cgroup.Hierarchy, cgroup.RelativePath));
    }

    [Fact]
    public void CpuStatReader_NewCgroupAndRoot_Parse()
    {
        using var cgroup = TestCgroup.Create();

        var fresh = CpuStatReader.Read(cgroup.Hierarchy, cgroup.RelativePath);
        var root = CpuStatReader.Read(cgroup.Hierarchy, "/");

        // No task ever ran in the new cgroup, so no period elapsed; the root has no limit to throttle it.
        Assert.Equal(0UL, fresh.NrPeriods);
        Assert.Equal(0UL, fresh.NrThrottled);
        Assert.Equal(0UL, root.NrThrottled);
        if (cgroup.Hierarchy.Version == 2 || cgroup.Hierarchy.CpuacctMount is not null)
        {
            Assert.True(root.UsageNs > 0, "the root cgroup has used CPU time since boot");
        }
    }

    [Fact]
    public void MemoryReader_NewCgroup_MatchesTheMemoryHierarchyLayout()
    {
        using var cgroup = TestCgroup.Create();

        var memory = MemoryReader.Read(cgroup.Hierarchy, cgroup.RelativePath);

        // v1 hierarchies are separate trees: a cgroup made in cpu only has no memory cgroup.
        if (cgroup.Hierarchy.Version == 1 && cgroup.Hierarchy.MemoryMount != cgroup.Hierarchy.CpuMount)
        {
            Assert.Null(memory);
        }
    }

    [Fact]
    public void CpuStatReader_CgroupRemoved_ThrowsCgroupGone()
    {
        using var cgroup = TestCgroup.Create();
        Directory.Delete(cgroup.Directory);

        var error = Assert.Throws<CgroupGoneException>(() => CpuStatReader.Read(cgroup.Hierarchy, cgroup.RelativePath));

        Assert.Equal(cgroup.RelativePath, error.CgroupPath);
    }

    [Fact]
    public void IsRemovedWhileOpen_ReadAfterRmdirOfOpenFile_RecognisesTheKernelsError()
    {
        // kernfs fails reads of a removed cgroup's still-open file with ENODEV; .NET must surface it as an
        // IOException carrying that errno for the readers to turn it into CgroupGoneException.
        using var cgroup = TestCgroup.Create();
        using var stream = new FileStream(
            Path.Join(cgroup.Directory, "cpu.stat"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        Directory.Delete(cgroup.Directory);

        var error = Assert.ThrowsAny<IOException>(() => stream.ReadExactly(new byte[64], 0, 1));

        Assert.True(KernelFile.IsRemovedWhileOpen(error), $"{error.GetType().Name} HResult {error.HResult}: {error.Message}");
    }
}
