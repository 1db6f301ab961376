using System.Diagnostics;
using System.Globalization;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.NodeSensor.Cgroups;
using KernelTruth.NodeSensor.Hosting;
using KernelTruth.NodeSensor.Tests.Bpf;
using KernelTruth.NodeSensor.Tests.Cgroups;
using Xunit.Abstractions;

namespace KernelTruth.NodeSensor.Tests.Kernel;

/// <summary>
/// A cgroup named by bytes that are not UTF-8 (66 FF 6F, "f\xffo" escaped) is a cgroup like any other: the sensor
/// reports it under its escaped name with the kernel's usage, and never counts it as gone. Before the index listed
/// directories by their bytes, .NET turned the name into "f\uFFFDo", which opens nothing, so the cgroup was missing
/// from every snapshot and, after ForgetGoneAfter, its counters were dropped as gone.
/// </summary>
[Collection(KernelFaultsCollection.Name)]
public sealed class NonUtf8CgroupTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(3);

    [Fact]
    public void Read_CgroupNamedWithInvalidUtf8_ReportedUnderEscapedNameWithKernelUsageAndNeverGone()
    {
        KernelRequirements.Require();
        var log = new ListLogger();
        using var loggers = new OneLoggerFactory(log);
        // Gone after 1 s rather than 10: a cgroup the index cannot resolve would be dropped well within the test.
        var options = new SensorOptions { AllCgroups = true, ForgetGoneAfter = TimeSpan.FromSeconds(1) };
        using var sensor = SensorRuntime.Start(options, loggers, TimeProvider.System);
        using var parent = TestCgroup.Create();
        var hierarchy = parent.Hierarchy;
        string child = parent.RelativePath + "/f\\xffo";
        string cpuDirectory = hierarchy.CpuDirectory(child);
        string? cpuacctDirectory = hierarchy.Version == 1 ? hierarchy.CpuacctDirectory(child) : null;
        var directories = new[] { cpuDirectory, cpuacctDirectory }.OfType<string>().Distinct().ToList();
        Process? workload = null;
        try
        {
            directories.ForEach(RawPaths.CreateDirectory);
            // The shell joins the cgroup (written through the byte path) before it execs the workload, so every
            // process and thread of it starts inside.
            workload = Process.Start(new ProcessStartInfo("/bin/sh")
            {
                ArgumentList = { "-c", "read go; exec stress-ng --cpu 1 --cpu-load 50 --cpu-load-slice 20 --timeout 120s -q" },
                RedirectStandardInput = true,
            })!;
            directories.ForEach(d => RawPaths.WriteText(Path.Join(d, "cgroup.procs"), workload.Id.ToString(CultureInfo.InvariantCulture)));
            workload.StandardInput.WriteLine("go");
            workload.StandardInput.Flush();
            WaitForProcesses(cpuDirectory, 2); // stress-ng and its one worker
            Assert.True(DirectoryInode.TryGet(cpuDirectory, out ulong id), $"no inode for {cpuDirectory}");
            sensor.Read(); // the first read of a new cgroup walks the hierarchy: keep it out of the timing

            double Usage() => hierarchy.Version == 1
                ? ulong.Parse(CgroupFileSystem.ReadAllText(Path.Join(cpuacctDirectory!, "cpuacct.usage")).Trim(), CultureInfo.InvariantCulture)
                : 1000.0 * ulong.Parse(CgroupFileSystem.ReadAllText(Path.Join(cpuDirectory, "cpu.stat")).Split('\n')[0].Split(' ')[1], CultureInfo.InvariantCulture);

            var (s0, before0, after0) = ReadBetween(sensor, id, Usage);
            int reads = 0;
            for (var started = Stopwatch.StartNew(); started.Elapsed < Window; reads++)
            {
                Thread.Sleep(500);
                Assert.Contains(sensor.Read().Cgroups, c => c.Id == id); // in every snapshot, not only now and then
            }

            var (s1, before1, after1) = ReadBetween(sensor, id, Usage);

            Assert.Equal(child, s1.Path);
            // The sensor read usage from the same file between the two reads here.
            Assert.InRange((double)s1.CpuStat!.UsageNs!.Value, before1, after1);
            double kernel = ((before1 + after1) / 2) - ((before0 + after0) / 2);
            Assert.True(kernel > 1e9, $"workload used only {kernel / 1e6:N0} ms of CPU");
            // BPF keys by the cgroup id: the on-CPU time counted for the escaped path is this cgroup's own.
            KernelAssert.Within(kernel, s1.Sched.OnCpuNs - s0.Sched.OnCpuNs, 0.02, $"on-CPU ns of {child} vs its cpuacct.usage over {reads} reads", output);
            Assert.DoesNotContain(log.Entries, e => e.Message.Contains($"Cgroup {id} ", StringComparison.Ordinal) && e.Message.Contains("is gone", StringComparison.Ordinal));
        }
        finally
        {
            if (workload is not null)
            {
                workload.Kill(entireProcessTree: true);
                workload.WaitForExit(5000);
                workload.Dispose();
            }

            CgroupTeardown.KillTasks(cpuDirectory);
            directories.ForEach(CgroupTeardown.RemoveWhenEmpty);
        }

        Assert.False(CgroupFileSystem.DirectoryExists(cpuDirectory), $"{cpuDirectory} was not removed");
    }

    /// <summary>The cgroup's entry in a fresh snapshot with the kernel's usage read just before and just after it.</summary>
    private static (CgroupSnapshot Cgroup, double Before, double After) ReadBetween(SensorRuntime sensor, ulong id, Func<double> usage)
    {
        double before = usage();
        var snapshot = sensor.Read();
        double after = usage();
        var cgroup = snapshot.Cgroups.SingleOrDefault(c => c.Id == id)
            ?? throw new Xunit.Sdk.XunitException($"cgroup {id} is not in the snapshot ({snapshot.Cgroups.Count} cgroups)");
        return (cgroup, before, after);
    }

    private static void WaitForProcesses(string directory, int count)
    {
        for (int i = 0; i < 600 && CgroupTeardown.Pids(directory).Count < count; i++)
        {
            Thread.Sleep(50);
        }

        Assert.True(CgroupTeardown.Pids(directory).Count >= count, $"{directory} never held {count} processes");
        Thread.Sleep(300); // let start-up settle
    }
}
