using KernelTruth.Cli.Commands;
using KernelTruth.Cli.Observing;
using KernelTruth.Cli.Tests.Fakes;
using KernelTruth.Models.Recommendations;
using Microsoft.Extensions.Logging.Abstractions;
using static KernelTruth.Cli.Tests.Fakes.Snapshots;

namespace KernelTruth.Cli.Tests.Observing;

/// <summary>The observation behind `ktruth recommend`, on scripted snapshots read every 10 ms.</summary>
public sealed class CgroupObserverTests
{
    private static readonly CgroupTarget Demo = new("/demo", "/nonexistent/demo");
    private static readonly ObservationPlan FiveSamples = new(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50));

    [Fact]
    public async Task ObserveAsync_ThrottledLoad_WindowFromFirstToLastSnapshotAndARecommendation()
    {
        var sensor = new ScriptedSensor(k => Node(k, Throttled(k)));

        var o = await Observer(sensor).ObserveAsync(Demo, FiveSamples, new RecommendationPolicy(), null, CancellationToken.None);

        // 6 reads (the baseline and 5 samples) ⇒ 5 intervals of 1 s each in the snapshots' own clock.
        Assert.Equal(6, sensor.Reads);
        Assert.Equal(5, o.Intervals);
        Assert.Equal(5, o.Window.Seconds, 9);
        Assert.Equal(0.19, o.Window.UsageCores, 9);          // (8 × 20 ms + 2 × 15 ms) per second
        Assert.Equal(0.8, o.Window.ThrottledPeriodsRatio, 9); // 8 of 10 periods
        Assert.Equal(0.64, o.Window.ThrottleWaitPerSecond, 9); // 8 waits × 80 ms
        Assert.Equal(0.2, o.Window.LimitCores);
        Assert.True(o.Recommendation.Cpu.LimitCores > 0.2, $"a limit above the throttled 0.2, got {o.Recommendation.Cpu.LimitCores}");
    }

    [Fact]
    public async Task ObserveAsync_IdleCgroup_FailsSayingItUsedNoCpu()
    {
        var sensor = new ScriptedSensor(k => Node(k, Idle(k)));

        var failure = await Assert.ThrowsAsync<CliFailure>(() => Observer(sensor).ObserveAsync(Demo, FiveSamples, new RecommendationPolicy(), null, CancellationToken.None));

        Assert.Equal(CliExitCodes.Failed, failure.ExitCode);
        Assert.Contains("not enough data: cgroup /demo used no CPU in 5 intervals", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ObserveAsync_CountersResetAtEveryRead_FailsSayingNoIntervals()
    {
        var sensor = new ScriptedSensor(k => Node(k, Throttled(k, trackedSince: (ulong)k + 1)));

        var failure = await Assert.ThrowsAsync<CliFailure>(() => Observer(sensor).ObserveAsync(Demo, FiveSamples, new RecommendationPolicy(), null, CancellationToken.None));

        Assert.Contains("not enough data: no intervals for cgroup /demo in 5 snapshots", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ObserveAsync_CgroupMissingFromSnapshotsAndGoneFromDisk_FailsSayingItWasRemoved()
    {
        var sensor = new ScriptedSensor(k => k == 0 ? Node(k, Throttled(k)) : Node(k));

        var failure = await Assert.ThrowsAsync<CliFailure>(() => Observer(sensor).ObserveAsync(Demo, FiveSamples, new RecommendationPolicy(), null, CancellationToken.None));

        Assert.Contains("cgroup /demo was removed", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ObserveAsync_FirstReadBeforeThePeriodTimerFired_WindowStartsWhereTheTimerTookOver()
    {
        // A sensor started a moment ago: its first snapshot has the period usage from fixed windows, the
        // next ones from the period timer. The window must start at the switch, not fail for want of one.
        var sensor = new ScriptedSensor(k => Node(k, k == 0 ? FromWindows(Throttled(k)) : Throttled(k)));

        var o = await Observer(sensor).ObserveAsync(Demo, FiveSamples, new RecommendationPolicy(), null, CancellationToken.None);

        Assert.Equal(4, o.Intervals); // reads 2–5 end an interval; read 1 is the new baseline
        Assert.Equal(4, o.Window.Seconds, 9); // from read 1 to read 5
        Assert.Equal(0.8, o.Window.ThrottledPeriodsRatio, 9);
    }

    [Fact]
    public async Task ObserveAsync_CountersResetAtEveryRead_TheMessageSaysWhy()
    {
        var sensor = new ScriptedSensor(k => Node(k, Throttled(k, trackedSince: (ulong)k + 1)));

        var failure = await Assert.ThrowsAsync<CliFailure>(() => Observer(sensor).ObserveAsync(Demo, FiveSamples, new RecommendationPolicy(), null, CancellationToken.None));

        Assert.Contains("the sensor began counting it anew (trackedSince changed)", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "has no tasks: nothing runs in it to observe")]
    [InlineData("4242\n", "ran nothing in 3 s: the sensor reports a cgroup once one of its tasks has been scheduled")]
    public async Task ObserveAsync_NeverReported_SaysWhetherItHasTasks(string procs, string expected)
    {
        var dir = Directory.CreateTempSubdirectory("ktruth-observe-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "cgroup.procs"), procs);
            var target = new CgroupTarget("/quiet", dir.FullName);

            var failure = await Assert.ThrowsAsync<CliFailure>(() => Observer(new ScriptedSensor(k => Node(k))).ObserveAsync(target, FiveSamples, new RecommendationPolicy(), null, CancellationToken.None));

            Assert.Contains($"cgroup /quiet {expected}", failure.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("removed", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static KernelTruth.Contracts.Snapshot.CgroupSnapshot FromWindows(KernelTruth.Contracts.Snapshot.CgroupSnapshot c) =>
        c with { Sched = c.Sched with { PeriodUsage = c.Sched.PeriodUsage with { Source = "window" } } };

    [Fact]
    public async Task ObserveAsync_Progress_ReportsEverySampleInOrder()
    {
        var seen = new List<ObservationProgress>();

        await Observer(new ScriptedSensor(k => Node(k, Throttled(k)))).ObserveAsync(Demo, FiveSamples, new RecommendationPolicy(), new KernelTruth.Cli.Output.InlineProgress<ObservationProgress>(seen.Add), CancellationToken.None);

        Assert.Equal([1, 2, 3, 4, 5], seen.Select(p => p.Samples));
        Assert.Equal(1.0, seen[^1].Fraction);
    }

    private static CgroupObserver Observer(ScriptedSensor sensor) => new(sensor, TimeProvider.System, NullLogger.Instance);
}
