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
        cg.Run("stress-ng --switch 1 --cpu 1 --taskset 0 --timeout 30s -q");
        var tids = KernelAssert.WaitForTasks(cg, 4);

        var s0 = sensor.Read(cg.Id);
        var p0 = ProcTasks.Switches(tids);
        KernelAssert.RunFor(Window);
        var s1 = sensor.Read(cg.Id);
        var p1 = ProcTasks.Switches(tids);

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
        cg.Run("stress-ng --cpu 2 --cpu-load 50 --timeout 30s -q");
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
        // The kernel adds each delta to the sensor's map just before it charges cpuacct, so a read
        // must lie between the cpuacct.usage read before and after it. Earlier designs broke this
        // by tens of ms: a slice ending during the read counted twice, and adding the running
        // slice by clock (which also counts what the hypervisor steals) put one CI read 76 ms ahead.
        using var cg = StartLongSliceWorkers();

        // One scheduler delta (at most a tick, 4 ms at HZ=250) may fall between the sensor's add
        // and the cpuacct charge if the hypervisor stops the vCPU right there.
        const double slackNs = 5e6;
        long start = TimeProvider.System.GetTimestamp();
        int reads = 0;
        double worstAheadNs = double.MinValue, worstBehindNs = double.MinValue;
        while (TimeProvider.System.GetElapsedTime(start) < Window)
        {
            double before = cg.CpuacctUsageNs();
            double sensorNs = sensor.Read(cg.Id).Sched.OnCpuNs;
            double after = cg.CpuacctUsageNs();
            worstAheadNs = Math.Max(worstAheadNs, sensorNs - after);
            worstBehindNs = Math.Max(worstBehindNs, before - sensorNs);
            reads++;
        }

        output.WriteLine($"{reads} reads: sensor at most {worstAheadNs / 1e6:0.###} ms ahead of the cpuacct read after it, at most {worstBehindNs / 1e6:0.###} ms behind the one before");
        Assert.True(reads > 100, $"only {reads} reads in {Window.TotalSeconds} s");
        Assert.True(worstAheadNs <= slackNs, $"a read ran {worstAheadNs / 1e6:0.###} ms ahead of cpuacct.usage read after it");
        Assert.True(worstBehindNs <= slackNs, $"a read fell {worstBehindNs / 1e6:0.###} ms behind cpuacct.usage read before it");
    }

    [Fact]
    public void OnCpu_WorkloadStoppedAtBothEnds_EqualsCpuacctUsage()
    {
        // Stopped, nothing is running: the sensor must hold what cpuacct charged, to the
        // nanosecond up to the slack. When on-CPU time was counted from switch-in to switch-out,
        // switch-outs without a seen switch-in lost 12–330 ms in 4 s here.
        using var cg = StartLongSliceWorkers();

        var (s0, k0) = WhileStopped(cg, () => (sensor.Read(cg.Id).Sched.OnCpuNs, (double)cg.CpuacctUsageNs()));
        KernelAssert.RunFor(Window);
        var (s1, k1) = WhileStopped(cg, () => (sensor.Read(cg.Id).Sched.OnCpuNs, (double)cg.CpuacctUsageNs()));

        Assert.True(k1 - k0 > 1e9, $"workload used only {(k1 - k0) / 1e6:N0} ms of CPU");
        output.WriteLine($"stopped at both ends: sensor {(s1 - s0) / 1e6:0.###} ms, cpuacct {(k1 - k0) / 1e6:0.###} ms");
        Assert.True(Math.Abs((s1 - s0) - (k1 - k0)) <= 1e6, $"sensor {(s1 - s0) / 1e6:0.###} ms vs cpuacct {(k1 - k0) / 1e6:0.###} ms with nothing in flight: more than 1 ms apart");
    }

    [Fact]
    public void ThrottleWait_BusyLoopAt20PercentQuota_MatchesThrottledTimeWithin2PercentAndTwoEpisodes()
    {
        using var cg = TestCgroup.Create(quotaUs: 20_000);
        cg.Run("stress-ng --cpu 1 --timeout 30s -q");
        KernelAssert.WaitForTasks(cg, 2);

        // Read while stopped: the kernel adds an episode to throttled_time at the unthrottle, the
        // sensor at the switch-in after it, and one 80 ms episode between the two reads failed
        // this test (3.45 %) about one run in six.
        var (s0, k0) = WhileStopped(cg, () => (sensor.Read(cg.Id), cg.CpuStat()));
        KernelAssert.RunFor(TimeSpan.FromSeconds(8));
        var (s1, k1) = WhileStopped(cg, () => (sensor.Read(cg.Id), cg.CpuStat()));

        double kernel = k1["throttled_time"] - k0["throttled_time"];
        output.WriteLine($"throttled periods: kernel {k1["nr_throttled"] - k0["nr_throttled"]}, sensor waits {s1.Sched.ThrottleWait.Count - s0.Sched.ThrottleWait.Count}");
        Assert.True(kernel > 4e9, $"only {kernel / 1e6:N0} ms throttled: the quota did not bite");
        // Even so, the kernel and the sensor disagree on an episode or two in 80 (the sensor saw
        // one more or up to two fewer throttled switch-outs than nr_throttled, each ~80 ms): 2 %
        // plus two whole episodes (a sensor that missed throttling altogether is off by 100 %).
        const double episodeNs = 80e6;
        KernelAssert.Within(kernel, s1.Sched.ThrottleWait.SumNs - s0.Sched.ThrottleWait.SumNs, 0.02 + (2 * episodeNs / kernel), "throttle wait vs cpu.stat throttled_time", output);
    }

    [Fact]
    public void Waits_ThreeLoopsOnTwoCpusUnderQuota_SumToSchedstatRunDelayWithin5Percent()
    {
        // 3 busy threads on 2 CPUs limited to 1.2 CPUs: they wait both for a CPU and for quota.
        using var cg = TestCgroup.Create(quotaUs: 120_000);
        cg.Run("stress-ng --cpu 3 --timeout 30s -q");
        var tids = KernelAssert.WaitForTasks(cg, 4);

        // Stopped tasks wait for nothing, so no wait is half-counted at the reads.
        var (s0, k0) = WhileStopped(cg, () => (sensor.Read(cg.Id), ProcTasks.RunDelayNs(tids)));
        KernelAssert.RunFor(Window);
        var (s1, k1) = WhileStopped(cg, () => (sensor.Read(cg.Id), ProcTasks.RunDelayNs(tids)));

        Assert.Equal(tids.Order(), cg.Tasks().Order());
        double contention = s1.Sched.ContentionWait.SumNs - s0.Sched.ContentionWait.SumNs;
        double throttle = s1.Sched.ThrottleWait.SumNs - s0.Sched.ThrottleWait.SumNs;
        Assert.True(contention > 0 && throttle > 0, $"expected both kinds of wait: contention {contention / 1e6:N0} ms, throttle {throttle / 1e6:N0} ms");
        KernelAssert.Within(k1 - k0, contention + throttle, 0.05, "contention + throttle wait vs schedstat run_delay", output);
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
            cg.Run("stress-ng --cpu 2 --cpu-load 50 --cpu-load-slice 150 --timeout 30s -q");
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

    /// <summary>
    /// Reads the sensor and the kernel with every thread of <paramref name="cg"/> stopped and two
    /// CFS periods gone by, so no wait, slice or throttle episode is open across the two reads.
    /// </summary>
    private static T WhileStopped<T>(TestCgroup cg, Func<T> read)
    {
        cg.Signal("STOP");
        try
        {
            KernelAssert.RunFor(TimeSpan.FromMilliseconds(250));
            return read();
        }
        finally
        {
            cg.Signal("CONT");
        }
    }
}
