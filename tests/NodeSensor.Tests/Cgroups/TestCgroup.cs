using System.Diagnostics;
using KernelTruth.NodeSensor.Cgroups;

namespace KernelTruth.NodeSensor.Tests.Cgroups;

/// <summary>
/// A real cgroup, "ktruth-test-&lt;random&gt;" under the cpu hierarchy root, removed (rmdir) on dispose.
/// No task is ever moved into it, so rmdir always succeeds. Fails the test, rather than skipping it,
/// when the machine cannot provide one: a silently skipped kernel test proves nothing.
/// </summary>
internal sealed class TestCgroup : IDisposable
{
    private TestCgroup(CpuHierarchy hierarchy, string relativePath)
    {
        Hierarchy = hierarchy;
        RelativePath = relativePath;
        Directory = hierarchy.CpuDirectory(relativePath);
    }

    public CpuHierarchy Hierarchy { get; }

    public string RelativePath { get; }

    public string Directory { get; }

    public static TestCgroup Create()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Fail("Real-kernel cgroup tests need root to create a cgroup in the cpu hierarchy; run them as root.");
        }

        CpuHierarchy hierarchy;
        try
        {
            hierarchy = CpuHierarchy.Detect();
        }
        catch (InvalidOperationException e)
        {
            Assert.Fail($"Real-kernel cgroup tests need a mounted cpu controller. {e.Message}");
            throw;
        }

        var cgroup = new TestCgroup(hierarchy, "/ktruth-test-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(cgroup.Directory);
        return cgroup;
    }

    /// <summary>Sets a CFS bandwidth limit the way kubelet's runtimes do.</summary>
    public void SetLimit(long quotaUs, long periodUs)
    {
        if (Hierarchy.Version == 1)
        {
            File.WriteAllText(Path.Join(Directory, "cpu.cfs_period_us"), periodUs.ToString());
            File.WriteAllText(Path.Join(Directory, "cpu.cfs_quota_us"), quotaUs.ToString());
        }
        else
        {
            File.WriteAllText(Path.Join(Directory, "cpu.max"), $"{quotaUs} {periodUs}");
        }
    }

    /// <summary>The inode as coreutils' stat reports it: an independent check of our statx call.</summary>
    public ulong InodeFromStatCommand()
    {
        var start = new ProcessStartInfo("stat") { RedirectStandardOutput = true, ArgumentList = { "-c", "%i", Directory } };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return ulong.Parse(output.Trim());
    }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory);
        }
    }
}
