using System.Diagnostics;
using System.Globalization;
using KernelTruth.Cli.Commands;
using KernelTruth.Cli.Configuration;
using KernelTruth.Cli.Observing;
using KernelTruth.NodeSensor.Cgroups;

namespace KernelTruth.Cli.Demo;

/// <summary>
/// The demo's own cgroup: made in the cpu hierarchy (and, where cgroup v1 mounts them apart, in
/// cpuacct and memory under the same name, so usage and memory are counted too), with a CPU limit
/// and one workload started inside it. Dispose kills every task in it and removes the directories,
/// whatever happened before.
/// </summary>
internal sealed class DemoCgroup : IDisposable
{
    private readonly CpuHierarchy _hierarchy;
    private readonly List<string> _dirs = [];
    private Process? _workload;
    private Task<string>? _workloadErrors;

    private DemoCgroup(CpuHierarchy hierarchy, string path)
    {
        _hierarchy = hierarchy;
        Target = new CgroupTarget(path, hierarchy.CpuDirectory(path));
    }

    public CgroupTarget Target { get; }

    /// <exception cref="CliFailure">A directory could not be made (not root, no such controller).</exception>
    public static DemoCgroup Create(CpuHierarchy hierarchy, string name)
    {
        var cgroup = new DemoCgroup(hierarchy, "/" + name);
        try
        {
            foreach (string? dir in new[] { cgroup.Target.CpuDirectory, hierarchy.CpuacctDirectory(cgroup.Target.Path), hierarchy.MemoryDirectory(cgroup.Target.Path) })
            {
                if (dir is not null && !cgroup._dirs.Contains(dir))
                {
                    Directory.CreateDirectory(dir);
                    cgroup._dirs.Add(dir);
                }
            }

            return cgroup;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            cgroup.Dispose();
            throw new CliFailure($"cannot create the demo's cgroup {cgroup.Target.CpuDirectory}: {ex.Message} (the demo needs root)", CliExitCodes.CannotStart, ex);
        }
    }

    /// <summary>Writes a CFS bandwidth limit with the default 100 ms period, as kubelet does; null removes it.</summary>
    public void SetLimit(double? cores)
    {
        long period = CliDefaults.CfsPeriodUs;
        long? quota = cores is double c ? (long)Math.Round(c * period) : null;
        string dir = Target.CpuDirectory;
        if (_hierarchy.Version == 1)
        {
            File.WriteAllText(Path.Join(dir, "cpu.cfs_period_us"), period.ToString(CultureInfo.InvariantCulture));
            File.WriteAllText(Path.Join(dir, "cpu.cfs_quota_us"), (quota ?? -1).ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            File.WriteAllText(Path.Join(dir, "cpu.max"), $"{(quota is long q ? q.ToString(CultureInfo.InvariantCulture) : "max")} {period}");
        }
    }

    /// <summary>The limit file as the kernel shows it now, e.g. "cpu.cfs_quota_us = 41000".</summary>
    public string DescribeLimit() => _hierarchy.Version == 1
        ? $"cpu.cfs_quota_us = {File.ReadAllText(Path.Join(Target.CpuDirectory, "cpu.cfs_quota_us")).Trim()}"
        : $"cpu.max = {File.ReadAllText(Path.Join(Target.CpuDirectory, "cpu.max")).Trim()}";

    /// <summary>
    /// Starts <paramref name="command"/> inside the cgroup: a shell joins every hierarchy first and
    /// then execs the command, so no instruction of it runs outside. Waits until it is in.
    /// </summary>
    public Process Start(IReadOnlyList<string> command, TimeSpan within)
    {
        const string Join = "for d in \"$@\"; do [ \"$d\" = -- ] && break; echo $$ > \"$d/cgroup.procs\" || exit 97; shift; done; shift; exec \"$@\"";
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Join);
        start.ArgumentList.Add("ktruth-demo-workload");
        foreach (string dir in _dirs)
        {
            start.ArgumentList.Add(dir);
        }

        start.ArgumentList.Add("--");
        foreach (string arg in command)
        {
            start.ArgumentList.Add(arg);
        }

        _workload = Process.Start(start) ?? throw new CliFailure($"could not start the workload: {string.Join(' ', command)}");
        _workload.OutputDataReceived += (_, _) => { };
        _workload.BeginOutputReadLine();
        var stderr = _workloadErrors = _workload.StandardError.ReadToEndAsync();
        var deadline = Stopwatch.StartNew();
        while (!CgroupTeardown.Pids(Target.CpuDirectory).Contains(_workload.Id))
        {
            if (_workload.HasExited || deadline.Elapsed > within)
            {
                throw new CliFailure($"the workload did not start in {Target.Path} (exit {(_workload.HasExited ? _workload.ExitCode : "none yet")}): {(_workload.HasExited ? stderr.Result.Trim() : "")}");
            }

            Thread.Sleep(20);
        }

        return _workload;
    }

    /// <exception cref="CliFailure">The workload has exited: its exit code and what it wrote to stderr.</exception>
    public void EnsureRunning()
    {
        if (_workload is { HasExited: true } p)
        {
            string errors = _workloadErrors is { IsCompleted: true } e ? e.Result.Trim() : "";
            throw new CliFailure($"the workload in {Target.Path} exited early with code {p.ExitCode}: {errors}");
        }
    }

    public void Dispose()
    {
        if (_workload is { } p)
        {
            try
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // exited already
            }

            p.Dispose();
        }

        CgroupTeardown.KillTasks(Target.CpuDirectory);
        foreach (string dir in Enumerable.Reverse(_dirs))
        {
            CgroupTeardown.RemoveWhenEmpty(dir);
        }
    }
}
