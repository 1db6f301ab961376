using KernelTruth.NodeSensor.Bpf.Programs;
using KernelTruth.NodeSensor.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace KernelTruth.NodeSensor.Tests.Kernel;

/// <summary>Loading, full maps, vanishing cgroups and OOM kills: counted and survived, never silent.</summary>
[Collection(KernelFaultsCollection.Name)]
public sealed class FaultTests(SensorFixture sensor, ITestOutputHelper output)
{
    [Fact]
    public void Start_OnThisKernel_EveryProgramPassesTheVerifierAndAttaches()
    {
        var programs = sensor.Runtime.Programs;

        Assert.True(programs.PeriodTimerActive, "cfs_period did not load: per-period usage would fall back to windows");
        Assert.True(programs.OomTracepointActive, "oom_kills did not load");
        Assert.True(programs.StartTimelinesActive, "start_timeline did not load");
        // Before 6.18 the wakeup programs are attached too (they classify throttled wakeups).
        string[] wakeups = KernelRelease.AtLeast(File.ReadAllText("/proc/sys/kernel/osrelease"), 6, 18) ? [] : ["handle_sched_wakeup", "handle_sched_wakeup_new"];
        Assert.Equal(
            new[]
            {
                "handle_cgroup_attach_task", "handle_cgroup_mkdir", "handle_cgroup_rmdir", "handle_inet_sock_set_state", "handle_mark_victim",
                "handle_period_timer", "handle_sched_process_exec", "handle_sched_switch", "handle_tick",
            }.Concat(wakeups).Order(StringComparer.Ordinal),
            programs.AttachedPrograms.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Start_KernelSymbolHidden_PeriodTimerUnavailableNamedAndWindowsUsed()
    {
        // As with kptr_restrict=2 or no CAP_SYSLOG: kallsyms shows no address for the period timer.
        string kallsyms = Path.GetTempFileName();
        File.WriteAllText(kallsyms, "0000000000000000 t sched_cfs_period_timer\n");
        try
        {
            using var runtime = SensorRuntime.Start(new SensorOptions { AllCgroups = true, KallsymsPath = kallsyms }, NullLoggerFactory.Instance, TimeProvider.System);
            using var cg = TestCgroup.Create(quotaUs: 20_000);
            cg.Run("stress-ng --cpu 1 --timeout 5s -q");
            KernelAssert.WaitForTasks(cg, 2);
            KernelAssert.RunFor(TimeSpan.FromMilliseconds(500));

            var snapshot = runtime.Read();
            Assert.False(runtime.Programs.PeriodTimerActive);
            Assert.Contains("sched_cfs_period_timer", runtime.Programs.Unavailable["cfs_period"], StringComparison.Ordinal);
            Assert.Equal(1UL, snapshot.Sensor!.Errors["program_unavailable_cfs_period"]);
            Assert.Equal("window", snapshot.PeriodUsageSource);
            Assert.Equal("window", snapshot.Cgroups.Single(c => c.Id == cg.Id).Sched.PeriodUsage.Source);
        }
        finally
        {
            File.Delete(kallsyms);
        }
    }

    [Fact]
    public void Read_MoreCgroupsThanTheMapHolds_OverflowCountedAndSensorKeepsServing()
    {
        // A second sensor with the smallest map (64): 80 fresh cgroups with a task each overflow it.
        using var small = SensorRuntime.Start(new SensorOptions { AllCgroups = true, MaxCgroups = 64 }, NullLoggerFactory.Instance, TimeProvider.System);
        var cgroups = Enumerable.Range(0, 80).Select(_ => TestCgroup.Create()).ToList();
        try
        {
            foreach (var cg in cgroups)
            {
                cg.Run("true").WaitForExit(5000);
            }

            var snapshot = small.Read();
            ulong full = snapshot.Sensor!.Errors["bpf_cgroup_map_full"];
            output.WriteLine($"map of 64: {snapshot.Cgroups.Count} cgroups reported, {full} events dropped as map_full");
            Assert.True(full > 0, "80 new cgroups did not overflow a 64-entry map");
            Assert.True(snapshot.Cgroups.Count <= 64);
            Assert.NotNull(small.Read()); // still serving
        }
        finally
        {
            cgroups.ForEach(cg => cg.Dispose());
        }
    }

    [Fact]
    public void Read_CgroupRemovedBetweenReads_DroppedOnceCountedAndNoError()
    {
        using var runtime = SensorRuntime.Start(new SensorOptions { AllCgroups = true, ForgetGoneAfter = TimeSpan.FromMilliseconds(300) }, NullLoggerFactory.Instance, TimeProvider.System);
        var cg = TestCgroup.Create();
        ulong id = cg.Id;
        cg.Run("stress-ng --cpu 1 --timeout 1s -q").WaitForExit(5000);
        Assert.Contains(runtime.Read().Cgroups, c => c.Id == id);

        cg.Dispose(); // rmdir: its id stays in the BPF map until the sensor notices
        var first = runtime.Read();
        KernelAssert.RunFor(TimeSpan.FromMilliseconds(400));
        var second = runtime.Read();
        var third = runtime.Read();

        Assert.DoesNotContain(first.Cgroups, c => c.Id == id);
        Assert.DoesNotContain(second.Cgroups, c => c.Id == id);
        Assert.False(runtime.Programs.ReadSchedStats().Any(s => s.CgroupId == id), "the gone cgroup still holds a map entry");
        Assert.Equal(1UL, third.Sensor!.Errors["cgroup_gone"]);
    }

    [Fact]
    public void OomKills_TaskOverMemoryLimit_TracepointCountMatchesMemoryController()
    {
        using var cg = TestCgroup.Create();
        cg.SetMemoryLimit(32L << 20);
        // tail keeps every byte of a newline-free stream: it grows until the OOM killer takes it.
        var p = cg.Run("sh -c 'head -c 512M /dev/zero | tail'");
        Assert.True(p.WaitForExit(30_000), "the memory hog was not killed within 30 s");

        var kills = sensor.Runtime.Programs.ReadOomKills().Where(k => k.CgroupId == cg.Id).Select(k => k.Kills).SingleOrDefault();
        var snapshot = sensor.Read(cg.Id);
        ulong kernel = cg.OomKills();
        output.WriteLine($"OOM kills: tracepoint {kills}, memory controller {kernel}, snapshot {snapshot.Memory?.OomKills}");
        Assert.True(kernel >= 1, $"the kernel reports no OOM kill: the test did not provoke one (the hog exited {p.ExitCode}: {p.StandardError.ReadToEnd().Trim()})");
        Assert.Equal(kernel, kills);
        Assert.Equal(kernel, snapshot.Memory!.OomKills);
    }
}
