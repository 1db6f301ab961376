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
        cg.Run("stress-ng --cpu 2 --taskset 0 --timeout 30s -q");
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
        cg.Run("stress-ng --cpu 1 --taskset 1 --timeout 30s -q");
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
}
