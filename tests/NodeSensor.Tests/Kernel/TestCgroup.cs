using System.Diagnostics;
using System.Globalization;
using KernelTruth.NodeSensor.Cgroups;

namespace KernelTruth.NodeSensor.Tests.Kernel;

/// <summary>
/// A real cgroup made for one test, "ktruth-test-&lt;random&gt;" under the cpu hierarchy root (and
/// under cpuacct and memory where v1 mounts them apart), with the workloads started in it.
/// Dispose kills every task in it and removes the directories. Fails the test, rather than
/// skipping it, when the machine cannot provide one: a skipped kernel test proves nothing.
/// </summary>
internal sealed class TestCgroup : IDisposable
{
    private readonly List<Process> _processes = [];
    private readonly List<string> _dirs = [];

    private TestCgroup(CpuHierarchy hierarchy, string relativePath)
    {
        Hierarchy = hierarchy;
        RelativePath = relativePath;
        Directory = hierarchy.CpuDirectory(relativePath);
        foreach (string? dir in new[] { Directory, Hierarchy.CpuacctMount is null ? null : hierarchy.CpuacctDirectory(relativePath) })
        {
            if (dir is not null && !_dirs.Contains(dir))
            {
                System.IO.Directory.CreateDirectory(dir);
                _dirs.Add(dir);
            }
        }
    }

    public CpuHierarchy Hierarchy { get; }

    /// <summary>Path as /proc/&lt;pid&gt;/cgroup shows it.</summary>
    public string RelativePath { get; }

    /// <summary>The cgroup's directory in the cpu hierarchy.</summary>
    public string Directory { get; }

    /// <summary>The cgroup id the BPF programs key by: the directory's inode.</summary>
    public ulong Id => DirectoryInode.TryGet(Directory, out ulong id) ? id : throw new InvalidOperationException($"{Directory} has no inode");

    public static TestCgroup Create(long? quotaUs = null, long periodUs = 100_000)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Fail("Real-kernel tests need root to create cgroups in the cpu hierarchy; run them as root.");
        }

        CpuHierarchy hierarchy;
        try
        {
            hierarchy = CpuHierarchy.Detect();
        }
        catch (InvalidOperationException e)
        {
            Assert.Fail($"Real-kernel tests need a mounted cpu controller. {e.Message}");
            throw;
        }

        var cgroup = new TestCgroup(hierarchy, "/ktruth-test-" + Guid.NewGuid().ToString("N")[..12]);
        cgroup.TakeTopWeight();
        if (quotaUs is { } quota)
        {
            cgroup.SetLimit(quota, periodUs);
        }

        return cgroup;
    }

    /// <summary>
    /// Gives the cgroup the largest CPU weight, so that other load on a shared machine (builds, other
    /// test runs) delays the workload as little as possible: the tests measure the workload's own
    /// contention and throttling, and a neighbour holding the CPU turns throttle time into contention.
    /// </summary>
    private void TakeTopWeight()
    {
        string shares = Path.Join(Directory, "cpu.shares");
        if (File.Exists(shares))
        {
            File.WriteAllText(shares, "262144");
        }
        else
        {
            File.WriteAllText(Path.Join(Directory, "cpu.weight"), "10000");
        }
    }

    /// <summary>Lowers the CPU weight to a fraction of the top weight every test cgroup starts with.</summary>
    public void SetWeightFraction(double fraction)
    {
        string shares = Path.Join(Directory, "cpu.shares");
        if (File.Exists(shares))
        {
            File.WriteAllText(shares, ((long)(262144 * fraction)).ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            File.WriteAllText(Path.Join(Directory, "cpu.weight"), Math.Max(1, (long)(10000 * fraction)).ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Sets a CFS bandwidth limit the way kubelet's runtimes do.</summary>
    public void SetLimit(long quotaUs, long periodUs)
    {
        if (Hierarchy.Version == 1)
        {
            File.WriteAllText(Path.Join(Directory, "cpu.cfs_period_us"), periodUs.ToString(CultureInfo.InvariantCulture));
            File.WriteAllText(Path.Join(Directory, "cpu.cfs_quota_us"), quotaUs.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            File.WriteAllText(Path.Join(Directory, "cpu.max"), $"{quotaUs} {periodUs}");
        }
    }

    /// <summary>
    /// Sets the CFS burst (cpu.cfs_burst_us on v1, cpu.max.burst on v2; Linux 5.14+). Written after the quota, as
    /// runc does: each write refills the pool up to quota + burst, so the workload starts with a full pool.
    /// </summary>
    public void SetBurst(long burstUs)
    {
        string file = Path.Join(Directory, Hierarchy.Version == 1 ? "cpu.cfs_burst_us" : "cpu.max.burst");
        if (!File.Exists(file))
        {
            Assert.Fail($"{file} is missing: CFS burst needs Linux 5.14 or later");
        }

        File.WriteAllText(file, burstUs.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The inode as coreutils' stat reports it: an independent check of our statx call.</summary>
    public ulong InodeFromStatCommand()
    {
        var start = new ProcessStartInfo("stat") { RedirectStandardOutput = true, ArgumentList = { "-c", "%i", Directory } };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return ulong.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>Limits memory (v1: in the memory hierarchy under the same name, joined by <see cref="Run"/>).</summary>
    public void SetMemoryLimit(long bytes)
    {
        string dir = Hierarchy.MemoryDirectory(RelativePath) ?? throw new Xunit.Sdk.XunitException("no memory controller is mounted");
        if (!_dirs.Contains(dir))
        {
            System.IO.Directory.CreateDirectory(dir);
            _dirs.Add(dir);
        }

        File.WriteAllText(Path.Join(dir, Hierarchy.Version == 1 ? "memory.limit_in_bytes" : "memory.max"), bytes.ToString(CultureInfo.InvariantCulture));
        string memsw = Path.Join(dir, "memory.memsw.limit_in_bytes");
        if (File.Exists(memsw))
        {
            File.WriteAllText(memsw, bytes.ToString(CultureInfo.InvariantCulture)); // no swapping out of the OOM
        }
    }

    /// <summary>OOM kills as the memory controller counts them (memory.oom_control or memory.events).</summary>
    public ulong OomKills()
    {
        string dir = Hierarchy.MemoryDirectory(RelativePath)!;
        string file = Path.Join(dir, Hierarchy.Version == 1 ? "memory.oom_control" : "memory.events");
        string line = File.ReadAllLines(file).Single(l => l.StartsWith("oom_kill ", StringComparison.Ordinal));
        return ulong.Parse(line["oom_kill ".Length..], CultureInfo.InvariantCulture);
    }

    /// <summary>Starts a command inside the cgroup: the shell joins first, then execs, so every thread is in.</summary>
    public Process Run(string command)
    {
        string join = string.Join("; ", _dirs.Select(d => $"echo $$ > {d}/cgroup.procs"));
        var psi = new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", $"{join}; exec {command}" }, RedirectStandardOutput = true, RedirectStandardError = true };
        var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start '{command}'");
        _processes.Add(p);
        return p;
    }

    /// <summary>
    /// Sends SIGSTOP or SIGCONT to every process in the cgroup and, for SIGSTOP, waits until each
    /// thread is off its CPU (state T), so no CPU time is in flight.
    /// </summary>
    public void Signal(string signal)
    {
        var pids = ReadIds("cgroup.procs");
        var start = new ProcessStartInfo("kill") { ArgumentList = { $"-{signal}" } };
        foreach (int pid in pids)
        {
            start.ArgumentList.Add(pid.ToString(CultureInfo.InvariantCulture));
        }

        using (var kill = Process.Start(start)!)
        {
            kill.WaitForExit();
            Assert.Equal(0, kill.ExitCode);
        }

        if (signal != "STOP")
        {
            return;
        }

        for (int i = 0; i < 200; i++)
        {
            if (Tasks().All(IsStopped))
            {
                return;
            }

            Thread.Sleep(10);
        }

        throw new Xunit.Sdk.XunitException($"{RelativePath}: threads still running 2 s after SIGSTOP");
    }

    /// <summary>
    /// Reads the sensor and the kernel with every thread of the cgroup stopped and two CFS periods
    /// gone by, so no wait, slice or throttle episode is open across the two reads.
    /// </summary>
    public T WhileStopped<T>(Func<T> read)
    {
        Signal("STOP");
        try
        {
            Thread.Sleep(TimeSpan.FromMilliseconds(250));
            return read();
        }
        finally
        {
            Signal("CONT");
        }
    }

    private static bool IsStopped(int tid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{tid}/stat");
        }
        catch (IOException)
        {
            return true; // exited
        }

        // The state follows the command, which is in parentheses and may itself contain spaces.
        return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('T');
    }

    /// <summary>Thread ids now in the cgroup.</summary>
    public IReadOnlyList<int> Tasks() => ReadIds(Hierarchy.Version == 1 ? "tasks" : "cgroup.threads");

    /// <summary>cpuacct.usage (v1) or cpu.stat usage_usec × 1000 (v2).</summary>
    public ulong CpuacctUsageNs() => Hierarchy.Version == 1
        ? ulong.Parse(File.ReadAllText(Path.Join(Hierarchy.CpuacctDirectory(RelativePath), "cpuacct.usage")).Trim(), CultureInfo.InvariantCulture)
        : CpuStat()["usage_usec"] * 1000;

    /// <summary>cpu.stat as the kernel writes it, v1 names (v2's throttled_usec also as throttled_time in ns).</summary>
    public IReadOnlyDictionary<string, ulong> CpuStat()
    {
        var stat = File.ReadAllLines(Path.Join(Directory, "cpu.stat"))
            .Select(l => l.Split(' '))
            .ToDictionary(p => p[0], p => ulong.Parse(p[1], CultureInfo.InvariantCulture));
        if (stat.TryGetValue("throttled_usec", out ulong us))
        {
            stat["throttled_time"] = us * 1000;
        }

        return stat;
    }

    public void Dispose()
    {
        foreach (var p in _processes)
        {
            try
            {
                p.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // already exited
            }

            p.WaitForExit(5000);
            p.Dispose();
        }

        CgroupTeardown.KillTasks(Directory);
        foreach (string dir in Enumerable.Reverse(_dirs))
        {
            CgroupTeardown.RemoveWhenEmpty(dir);
        }
    }

    private IReadOnlyList<int> ReadIds(string file)
    {
        string path = Path.Join(Directory, file);
        return File.Exists(path) ? File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToList() : [];
    }
}
