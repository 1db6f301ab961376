using KernelTruth.NodeSensor.Sampling;

namespace KernelTruth.NodeSensor.Tests.Sampling;

public sealed class StartupTrackerTests
{
    private const ulong Ms = 1_000_000;
    private const ulong Created = 10_000 * Ms;
    private const ulong Exec = Created + (50 * Ms);

    private static StartupTracker Tracker() => new(windowNs: 2000 * Ms, settleWindowNs: 500 * Ms);

    [Fact]
    public void Observe_NoTimeline_Null()
    {
        Assert.Null(Tracker().Observe(1, null, Exec, 5 * Ms, 0));
    }

    [Fact]
    public void Observe_BeforeExec_TimesOnlyNoCpu()
    {
        var s = Tracker().Observe(1, new StartTimes(Created, Created + Ms, 0, 0), Created + (10 * Ms), 1 * Ms, 0)!;

        Assert.Equal(Created, s.CreatedNs);
        Assert.Equal(Created + Ms, s.FirstTaskNs);
        Assert.Null(s.FirstExecNs);
        Assert.Null(s.CpuNs);
        Assert.False(s.Complete);
    }

    [Fact]
    public void Observe_WindowPassed_CpuInterpolatedAtExecPlusN()
    {
        // Samples at exec + 1.5 s (400 ms used, 100 ms throttled) and exec + 2.5 s (600 ms, 300 ms):
        // the window ends at exec + 2 s, halfway → 500 ms CPU, 200 ms throttled.
        var tracker = Tracker();
        var times = new StartTimes(Created, Created, Exec, Exec + (300 * Ms));
        tracker.Observe(1, times, Exec + (1500 * Ms), 400 * Ms, 100 * Ms);
        var s = tracker.Observe(1, times, Exec + (2500 * Ms), 600 * Ms, 300 * Ms)!;

        Assert.True(s.Complete);
        Assert.Equal(500 * Ms, s.CpuNs);
        Assert.Equal(200 * Ms, s.ThrottledNs);
        Assert.Equal(300 * Ms, s.ReadyAfterNs); // listened 300 ms after exec
    }

    [Fact]
    public void Observe_ListenedWithinWindow_WarmupCpuAndThrottledInterpolatedAtReady()
    {
        // Counters 0 at creation (exec − 50 ms); samples at exec + 150 ms (100 ms used, 40 ms throttled) and
        // exec + 2.5 s (600 ms, 300 ms). Listen at exec + 1.325 s: half of the 2.35 s between the samples
        // (150 + 1175 = 1325) ⇒ 350 ms CPU and 170 ms throttled by ready.
        var tracker = Tracker();
        var times = new StartTimes(Created, Created, Exec, Exec + (1325 * Ms));
        tracker.Observe(1, times, Exec + (150 * Ms), 100 * Ms, 40 * Ms);
        var s = tracker.Observe(1, times, Exec + (2500 * Ms), 600 * Ms, 300 * Ms)!;

        Assert.Equal(1325 * Ms, s.ReadyAfterNs);
        Assert.Equal(350 * Ms, s.ReadyCpuNs);
        Assert.Equal(170 * Ms, s.ReadyThrottledNs);
    }

    [Fact]
    public void Observe_FirstSampleAfterTheWindow_InterpolatesFromZeroAtCreation()
    {
        // Counters are 0 at creation (exec − 50 ms); one sample at exec + 4.05 s with 800 ms used:
        // the window end (exec + 2 s = creation + 2.05 s) is halfway through those 4.1 s → 400 ms.
        var s = Tracker().Observe(1, new StartTimes(Created, Created, Exec, 0), Exec + (4050 * Ms), 800 * Ms, 0)!;

        Assert.Equal(400 * Ms, s.CpuNs);
    }

    [Fact]
    public void Observe_NoListen_ReadyIsTheSettleTime()
    {
        // 1 core until exec + 400 ms, idle after; samples every 100 ms; W = 0.5 s → settled at 400 ms.
        var tracker = Tracker();
        var times = new StartTimes(Created, Created, Exec, 0);
        Contracts.Snapshot.StartupSnapshot? s = null;
        for (ulong t = 100; t <= 2100; t += 100)
        {
            ulong used = Math.Min(t, 400) * Ms;
            s = tracker.Observe(1, times, Exec + (t * Ms), used, 0);
        }

        Assert.True(s!.Complete);
        Assert.Equal(400 * Ms, s.SettledAfterNs);
        Assert.Equal(400 * Ms, s.ReadyAfterNs);
    }

    [Fact]
    public void Observe_AfterComplete_FinalKeptAndLaterEventsIgnored()
    {
        var tracker = Tracker();
        var final = tracker.Observe(1, new StartTimes(Created, Created, Exec, 0), Exec + (2500 * Ms), 100 * Ms, 0);
        var later = tracker.Observe(1, new StartTimes(Created, Created, Exec, Exec + (9000 * Ms)), Exec + (9500 * Ms), 900 * Ms, 0);

        Assert.Same(final, later);
    }
}
