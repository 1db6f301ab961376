using Xunit.Abstractions;

namespace KernelTruth.NodeSensor.Tests.Kernel;

/// <summary>The split that runqlat, schedstat and PSI cannot make: contention vs throttling.</summary>
[Collection(KernelCollection.Name)]
public sealed class WaitSplitTests(SensorFixture sensor, ITestOutputHelper output)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(3);

    [Fact]
    public void Waits_TwoLoopsPinnedToOneCpuWithoutQuota_ContentionOnlyNoThrottle()
    {
        using var cg = TestCgroup.Create();
        cg.Run("stress-ng --cpu 2 --taskset 0 --timeout 120s -q");
        KernelAssert.WaitForTasks(cg, 3);

        var s0 = sensor.Read(cg.Id);
        KernelAssert.RunFor(Window);
        var s1 = sensor.Read(cg.Id);

        // Two loops sharing one CPU each wait about half the time: ~2 × 1.5 s over 3 s.
        double contention = s1.Sched.ContentionWait.SumNs - s0.Sched.ContentionWait.SumNs;
        output.WriteLine($"contention wait {contention / 1e6:N0} ms, throttle waits {s1.Sched.ThrottleWait.Count - s0.Sched.ThrottleWait.Count}");
        Assert.True(contention > 0.3 * 2 * Window.TotalNanoseconds, $"contention wait only {contention / 1e6:N0} ms");
        Assert.Equal(s0.Sched.ThrottleWait.Count, s1.Sched.ThrottleWait.Count);
        Assert.Equal(s0.Sched.ThrottleEvents, s1.Sched.ThrottleEvents);
    }

    [Fact]
    public void Waits_OneLoopUnder20PercentQuota_ThrottleWaitAndAlmostNoContention()
    {
        using var cg = TestCgroup.Create(quotaUs: 20_000);
        cg.Run("stress-ng --cpu 1 --taskset 1 --timeout 120s -q");
        KernelAssert.WaitForTasks(cg, 2);

        var s0 = sensor.Read(cg.Id);
        KernelAssert.RunFor(Window);
        var s1 = sensor.Read(cg.Id);

        // 80 % of every period is throttled: ~2.4 s of throttle wait over 3 s.
        double throttle = s1.Sched.ThrottleWait.SumNs - s0.Sched.ThrottleWait.SumNs;
        double contention = s1.Sched.ContentionWait.SumNs - s0.Sched.ContentionWait.SumNs;
        output.WriteLine($"throttle wait {throttle / 1e6:N0} ms, contention wait {contention / 1e6:N2} ms");
        Assert.True(throttle > 0.5 * Window.TotalNanoseconds, $"throttle wait only {throttle / 1e6:N0} ms");
        // The failure this catches is throttled time counted as contention: that would put ~2.4 s
        // in contention and little in throttle. Real contention from neighbours on this shared
        // 2-CPU machine stays far below: 13-58 ms quiet, up to ~400 ms (19 %) under other load.
        Assert.True(contention < 0.25 * throttle, $"contention wait {contention / 1e6:N1} ms is not small next to throttle wait {throttle / 1e6:N0} ms");
    }

    [Fact]
    public void ThrottleWait_OneLoopSharingItsCpuWithABusyNeighbour_EndsAtTheUnthrottleAndTheDelayAfterIsContention()
    {
        // One busy loop limited to 5 ms every 25 ms, pinned to CPU 1 beside a busy loop of another
        // cgroup with twice its weight. Throttled, it waits ~10 ms per period; unthrottled, it still
        // waits for the neighbour to give up the CPU (at a tick, 4 ms at HZ=250, or later): that
        // delay is contention, and cpu.stat's throttled_time ends at the unthrottle. A throttle wait
        // that ran on to the switch-in exceeded throttled_time by 5.7-13 % here; 2 % is the goal.
        // Read with the loop stopped, so no episode straddles a read (the kernel adds an episode at
        // its unthrottle, the sensor at the switch-in after it).
        using var neighbour = TestCgroup.Create();
        neighbour.Run("stress-ng --cpu 1 --taskset 1 --timeout 60s -q");
        using var cg = TestCgroup.Create(quotaUs: 5_000, periodUs: 25_000);
        cg.SetWeightFraction(0.5);
        cg.Run("stress-ng --cpu 1 --taskset 1 --timeout 60s -q");
        KernelAssert.WaitForTasks(neighbour, 2);
        var tids = KernelAssert.WaitForTasks(cg, 2);

        var (s0, k0, d0) = cg.WhileStopped(() => (sensor.Read(cg.Id).Sched, cg.CpuStat(), ProcTasks.RunDelayNs(tids)));
        KernelAssert.RunFor(TimeSpan.FromSeconds(6));
        var (s1, k1, d1) = cg.WhileStopped(() => (sensor.Read(cg.Id).Sched, cg.CpuStat(), ProcTasks.RunDelayNs(tids)));

        Assert.Equal(tids.Order(), cg.Tasks().Order());
        double kernel = k1["throttled_time"] - k0["throttled_time"];
        double throttle = s1.ThrottleWait.SumNs - s0.ThrottleWait.SumNs;
        double contention = s1.ContentionWait.SumNs - s0.ContentionWait.SumNs;
        output.WriteLine($"{k1["nr_throttled"] - k0["nr_throttled"]} throttled periods; sensor: {s1.ThrottleWait.Count - s0.ThrottleWait.Count} throttle waits, {s1.ContentionWait.Count - s0.ContentionWait.Count} contention waits ({contention / 1e6:N1} ms)");
        Assert.True(kernel > 1e9, $"only {kernel / 1e6:N0} ms throttled: the quota did not bite");
        KernelAssert.Within(kernel, throttle, 0.02, "throttle wait vs cpu.stat throttled_time", output);
        // Nothing is lost or counted twice in the split: both kinds add up to the thread's run_delay.
        KernelAssert.Within(d1 - d0, throttle + contention, 0.001, "throttle + contention wait vs schedstat run_delay", output);
    }
}
