using Xunit.Abstractions;

namespace KernelTruth.NodeSensor.Tests.Kernel;

/// <summary>Sensor numbers against the kernel's own accounting, on real workloads.</summary>
[Collection(KernelCollection.Name)]
public sealed class SchedAccuracyTests(SensorFixture sensor, ITestOutputHelper output)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(3);

    [Fact]
    public void Switches_PipePingPongAndPreemption_MatchProcStatusWithin1Percent()
    {
        using var cg = TestCgroup.Create();
        // Pipe ping-pong gives voluntary switches; a busy loop on the same CPU gives preemptions.
        cg.Run("stress-ng --switch 1 --cpu 1 --taskset 0 --timeout 120s -q");
        var tids = KernelAssert.WaitForTasks(cg, 4);

        // Read while stopped: ~4,000 switches a second go on while the reads run, and a sensor read
        // slower than the /proc reads (7x slower .NET in the QEMU guest of tests/vm) set the two
        // windows 150 ms apart there (4.9 %). Stopping switches each thread out once, seen by both.
        var (s0, p0) = cg.WhileStopped(() => (sensor.Read(cg.Id), ProcTasks.Switches(tids)));
        KernelAssert.RunFor(Window);
        var (s1, p1) = cg.WhileStopped(() => (sensor.Read(cg.Id), ProcTasks.Switches(tids)));

        Assert.Equal(tids.Order(), cg.Tasks().Order()); // no thread came or went: both sides count the same threads
        double kernelVol = p1.Voluntary - p0.Voluntary, kernelInvol = p1.Involuntary - p0.Involuntary;
        double vol = s1.Sched.VoluntarySwitches - s0.Sched.VoluntarySwitches;
        double invol = s1.Sched.InvoluntarySwitches - s0.Sched.InvoluntarySwitches;
        Assert.True(kernelVol > 1000 && kernelInvol > 100, $"workload too quiet to compare: {kernelVol} voluntary, {kernelInvol} involuntary");
        KernelAssert.Within(kernelVol + kernelInvol, vol + invol, 0.01, "all switches", output);
        KernelAssert.Within(kernelVol, vol, 0.01, "voluntary switches", output);
        KernelAssert.Within(kernelInvol, invol, 0.01, "involuntary switches", output);
    }

    [Fact]
    public void OnCpu_HalfLoadedWorkers_MatchesCpuacctUsageWithin2Percent()
    {
        using var cg = TestCgroup.Create();
        // 20 ms busy slices: left to choose, stress-ng picks slices by its speed, and in the QEMU guest
        // of tests/vm the workers then used 13 % of a CPU each, not 50 %.
        cg.Run("stress-ng --cpu 2 --cpu-load 50 --cpu-load-slice 20 --timeout 120s -q");
        KernelAssert.WaitForTasks(cg, 3);
        sensor.Read(cg.Id); // the first read of a new cgroup walks the hierarchy: keep it out of the timing

        var (s0, k0) = sensor.ReadWith(cg.Id, () => cg.CpuacctUsageNs());
        KernelAssert.RunFor(Window);
        var (s1, k1) = sensor.ReadWith(cg.Id, () => cg.CpuacctUsageNs());

        Assert.True(k1 - k0 > 1e9, $"workload used only {(k1 - k0) / 1e6:N0} ms of CPU");
        KernelAssert.Within(k1 - k0, s1.Sched.OnCpuNs - s0.Sched.OnCpuNs, 0.02, "on-CPU ns vs cpuacct.usage", output);
    }

    [Fact]
    public void OnCpu_EveryReadWhileLongSlicesRunAndEnd_LiesBetweenCpuacctReadBeforeAndAfter()
    {
        // 150 ms busy, 150 ms idle per worker: reads land inside long slices and as they end.
        // The sensor counts the growth of each task's sum_exec_runtime, to which the kernel adds
        // every delta just before it charges cpuacct, so a read must never run ahead of the
        // cpuacct.usage read after it. Earlier designs broke this by tens of ms: a slice ending
        // during the read counted twice, and adding the running slice by clock (which also counts
        // what the hypervisor steals) put one CI read 76 ms ahead. Behind: the kernel charges a
        // running task at every tick and at other scheduler events on its CPU (a wakeup there),
        // the sensor at ticks and switches only, so a read may trail the one before it by up to a
        // tick (4 ms at HZ=250; seen: 3.6-3.8 ms).
        using var cg = StartLongSliceWorkers();

        // A tick, plus 1 ms for the reads themselves. A vCPU the hypervisor stops can be charged by
        // another CPU's wakeup before its own tick comes, so a window that breaks the bound while
        // over 2 % of the CPUs were stolen is measured again.
        const double slackNs = 5e6;
        for (int attempt = 1; ; attempt++)
        {
            double steal0 = HostSteal.Seconds();
            long start = TimeProvider.System.GetTimestamp();
            int reads = 0;
            double worstAheadNs = double.MinValue, worstBehindNs = double.MinValue;
            // At least 100 reads, however long they take (~150 ms each under QEMU's TCG).
            while (TimeProvider.System.GetElapsedTime(start) < Window || reads < 100)
            {
                double before = cg.CpuacctUsageNs();
                double sensorNs = sensor.Read(cg.Id).Sched.OnCpuNs;
                double after = cg.CpuacctUsageNs();
                worstAheadNs = Math.Max(worstAheadNs, sensorNs - after);
                worstBehindNs = Math.Max(worstBehindNs, before - sensorNs);
                reads++;
            }

            double stolen = HostSteal.ShareSince(steal0, TimeProvider.System.GetElapsedTime(start));
            output.WriteLine($"{reads} reads: sensor at most {worstAheadNs / 1e6:0.###} ms ahead of the cpuacct read after it, at most {worstBehindNs / 1e6:0.###} ms behind the one before; {stolen:P1} of the CPUs stolen (attempt {attempt})");
            Assert.True(worstAheadNs <= slackNs, $"a read ran {worstAheadNs / 1e6:0.###} ms ahead of cpuacct.usage read after it");
            if (worstBehindNs <= slackNs || stolen <= 0.02 || attempt == 3)
            {
                Assert.True(worstBehindNs <= slackNs, $"a read fell {worstBehindNs / 1e6:0.###} ms behind cpuacct.usage read before it");
                break;
            }
        }
    }

    [Fact]
    public void OnCpu_WorkloadStoppedAtBothEnds_EqualsCpuacctUsage()
    {
        // Stopped, nothing is running: the sensor must hold what cpuacct charged, to the
        // nanosecond up to the slack. When on-CPU time was counted from switch-in to switch-out,
        // switch-outs without a seen switch-in lost 12–330 ms in 4 s here.
        using var cg = StartLongSliceWorkers();

        var (s0, k0) = cg.WhileStopped(() => (sensor.Read(cg.Id).Sched.OnCpuNs, (double)cg.CpuacctUsageNs()));
        KernelAssert.RunFor(Window);
        var (s1, k1) = cg.WhileStopped(() => (sensor.Read(cg.Id).Sched.OnCpuNs, (double)cg.CpuacctUsageNs()));

        Assert.True(k1 - k0 > 1e9, $"workload used only {(k1 - k0) / 1e6:N0} ms of CPU");
        output.WriteLine($"stopped at both ends: sensor {(s1 - s0) / 1e6:0.###} ms, cpuacct {(k1 - k0) / 1e6:0.###} ms");
        Assert.True(Math.Abs((s1 - s0) - (k1 - k0)) <= 1e6, $"sensor {(s1 - s0) / 1e6:0.###} ms vs cpuacct {(k1 - k0) / 1e6:0.###} ms with nothing in flight: more than 1 ms apart");
    }

    [Fact]
    public void ThrottleWait_BusyLoopAt20PercentQuota_MatchesThrottledTimeWithin2Percent()
    {
        using var cg = TestCgroup.Create(quotaUs: 20_000);
        cg.Run("stress-ng --cpu 1 --timeout 120s -q");
        KernelAssert.WaitForTasks(cg, 2);

        // Read while stopped: the kernel adds an episode to throttled_time at the unthrottle, the
        // sensor at the switch-in after it, and one 80 ms episode between the two reads failed
        // this test (3.45 %) about one run in six.
        var (s0, k0) = cg.WhileStopped(() => (sensor.Read(cg.Id), cg.CpuStat()));
        KernelAssert.RunFor(TimeSpan.FromSeconds(8));
        var (s1, k1) = cg.WhileStopped(() => (sensor.Read(cg.Id), cg.CpuStat()));

        double kernel = k1["throttled_time"] - k0["throttled_time"];
        output.WriteLine($"throttled periods: kernel {k1["nr_throttled"] - k0["nr_throttled"]}, sensor waits {s1.Sched.ThrottleWait.Count - s0.Sched.ThrottleWait.Count}");
        Assert.True(kernel > 4e9, $"only {kernel / 1e6:N0} ms throttled: the quota did not bite");
        // Each throttle wait ends at the unthrottle, by the throttle clock cpu.stat is charged from
        // (0.01 % apart here). This allowed two whole 80 ms episodes more while a throttle wait ran
        // on to the switch-in: the CPU time others took after the unthrottle counted too, 0.9-3.5 %
        // on this shared machine.
        KernelAssert.Within(kernel, s1.Sched.ThrottleWait.SumNs - s0.Sched.ThrottleWait.SumNs, 0.02, "throttle wait vs cpu.stat throttled_time", output);
    }

    [Fact]
    public void Waits_ThreeLoopsOnTwoCpusUnderQuota_SumToSchedstatRunDelayWithin5Percent()
    {
        // 3 busy threads on 2 CPUs limited to 1.2 CPUs: they wait both for a CPU and for quota.
        using var cg = TestCgroup.Create(quotaUs: 120_000);
        cg.Run("stress-ng --cpu 3 --timeout 120s -q");
        var tids = KernelAssert.WaitForTasks(cg, 4);

        // Stopped tasks wait for nothing, so no wait is half-counted at the reads.
        var (s0, k0) = cg.WhileStopped(() => (sensor.Read(cg.Id), ProcTasks.RunDelayNs(tids)));
        KernelAssert.RunFor(Window);
        var (s1, k1) = cg.WhileStopped(() => (sensor.Read(cg.Id), ProcTasks.RunDelayNs(tids)));

        Assert.Equal(tids.Order(), cg.Tasks().Order());
        double contention = s1.Sched.ContentionWait.SumNs - s0.Sched.ContentionWait.SumNs;
        double throttle = s1.Sched.ThrottleWait.SumNs - s0.Sched.ThrottleWait.SumNs;
        Assert.True(contention > 0 && throttle > 0, $"expected both kinds of wait: contention {contention / 1e6:N0} ms, throttle {throttle / 1e6:N0} ms");
        KernelAssert.Within(k1 - k0, contention + throttle, 0.05, "contention + throttle wait vs schedstat run_delay", output);
    }

    [Fact]
    public void Waits_BusyLoopOnEveryCpu_EqualSchedstatRunDelayEvenWhereASwitchInIsNotReported()
    {
        // A busy loop per CPU waits only while something else runs on its CPU. Some switches back
        // to a loop are never reported by the sched_switch tracepoint (on our VM every switch away
        // from two threads of the VM's init process, in whose context no tracepoint fires: several
        // a second while both CPUs are busy), and a sensor that counted waits only at reported
        // switch-ins lost those waits: 0.9-2.9 % of them here. The kernel adds every wait to the
        // thread's run_delay at the switch-in, reported or not, and with the loops stopped at both
        // reads no wait is open, so the sensor's waits equal the growth of run_delay to the
        // nanosecond; 0.01 % (~0.3 ms) is there only for a task-storage allocation that fails.
        int cpus = Environment.ProcessorCount;
        using var cg = TestCgroup.Create();
        cg.Run($"stress-ng --cpu {cpus} --timeout 120s -q");
        var tids = KernelAssert.WaitForTasks(cg, cpus + 1);

        var (s0, k0, n0) = cg.WhileStopped(() => ReadWithUnseenSwitchIns(cg, tids));
        KernelAssert.RunFor(TimeSpan.FromSeconds(5));
        var (s1, k1, n1) = cg.WhileStopped(() => ReadWithUnseenSwitchIns(cg, tids));

        Assert.Equal(tids.Order(), cg.Tasks().Order());
        double waits = s1 - s0;
        output.WriteLine($"{n1 - n0} switch-ins on the node were not reported by the tracepoint meanwhile");
        Assert.True(k1 - k0 > 1e6, $"the loops waited only {(k1 - k0) / 1e3:N0} µs: nothing to compare");
        KernelAssert.Within(k1 - k0, waits, 0.0001, "contention + throttle wait vs schedstat run_delay", output);
    }

    /// <summary>
    /// Two workers, each 150 ms busy and 150 ms idle, already read once by the sensor (the first
    /// read of a new cgroup walks the hierarchy).
    /// </summary>
    private TestCgroup StartLongSliceWorkers()
    {
        var cg = TestCgroup.Create();
        try
        {
            cg.Run("stress-ng --cpu 2 --cpu-load 50 --cpu-load-slice 150 --timeout 120s -q");
            KernelAssert.WaitForTasks(cg, 3);
            sensor.Read(cg.Id);
            return cg;
        }
        catch
        {
            cg.Dispose(); // the caller never gets it to dispose
            throw;
        }
    }

    /// <summary>The cgroup's waits (both kinds), the run_delay of its threads and the node's count of unreported switch-ins.</summary>
    private (double WaitNs, double RunDelayNs, ulong UnseenSwitchIns) ReadWithUnseenSwitchIns(TestCgroup cg, IReadOnlyList<int> tids)
    {
        var node = sensor.Runtime.Read();
        var sched = node.Cgroups.Single(c => c.Id == cg.Id).Sched;
        return ((double)sched.ContentionWait.SumNs + sched.ThrottleWait.SumNs, ProcTasks.RunDelayNs(tids), node.Sensor!.Errors.GetValueOrDefault("bpf_switch_in_unseen"));
    }
}
