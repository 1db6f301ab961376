using KernelTruth.Contracts.Snapshot;
using KernelTruth.Contracts.Sources;
using KernelTruth.Recommender.Checkpoint;
using KernelTruth.Recommender.Configuration;
using KernelTruth.Recommender.Input;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Output;
using KernelTruth.Recommender.Routines;
using KernelTruth.Recommender.Tests.Fakes;
using Microsoft.Extensions.Logging;
using static KernelTruth.Recommender.Tests.Input.SnapshotFactory;

namespace KernelTruth.Recommender.Tests.Routines;

/// <summary>
/// RunOnceAsync on a clock the test moves: ingest and output every loop (10 s), fit and checkpoint every 60 s,
/// each phase's and each sink's failure contained, health = every routine finished within 5× its interval.
/// </summary>
public sealed class RecommenderLoopTests : IDisposable
{
    private readonly ManualTimeProvider _clock = new();
    private readonly List<string> _events = [];
    private readonly ListLogger<RecommenderLoop> _log = new();
    private readonly TempDirectory _dir = new();
    private readonly RecordingStore _store;
    private readonly RecordingSink _sink;

    public RecommenderLoopTests()
    {
        _store = new RecordingStore(_events);
        _sink = new RecordingSink("display", _events);
    }

    private string StateFile => _dir.File("state.json");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task RunOnceAsync_FirstLoop_IngestFitOutputInOrderCheckpointNotYetDue()
    {
        var loop = Loop(Sensor("node-1"));

        var report = await loop.RunOnceAsync(CancellationToken.None);

        Assert.Equal([RoutinePhase.Ingest, RoutinePhase.Fit, RoutinePhase.Output, RoutinePhase.Checkpoint], report.Phases.Select(p => p.Phase));
        Assert.Equal([PhaseOutcome.Completed, PhaseOutcome.Completed, PhaseOutcome.Completed, PhaseOutcome.NotDue], report.Phases.Select(p => p.Outcome));
        Assert.Equal(["read node-1 #0", "activity 0", "recommendations 0", "sink display"], _events); // first reading: a baseline only
        Assert.Equal(new IngestCounts(SensorsRead: 1, SensorsFailed: 0, Intervals: 0), report.Ingest);
        Assert.False(File.Exists(StateFile));
    }

    [Fact]
    public async Task RunOnceAsync_SecondLoop_SinkGetsThisLoopsSnapshotsFitAndModels()
    {
        var loop = Loop(Sensor("node-1"));
        await loop.RunOnceAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(10));

        var report = await loop.RunOnceAsync(CancellationToken.None);

        // Loop 2 at 10 s: fit not due (60 s), so the sink gets loop 1's set; reading 1 made one interval per cgroup.
        var output = _sink.Outputs[^1];
        Assert.Equal(ManualTimeProvider.Start.AddSeconds(10), output.At);
        Assert.Equal(At(1), Assert.Single(output.Snapshots).MonotonicNs);
        Assert.Equal(ManualTimeProvider.Start, output.Recommendations.At);
        Assert.Equal(["/y", "/x"], output.Activity.Workloads.Select(a => a.Workload)); // busiest first
        Assert.Equal(1, output.Models.IntervalsOf("/x"));
        Assert.Equal(2, report.Ingest.Intervals);
        var sink = Assert.Single(report.Sinks);
        Assert.Equal(("display", PhaseOutcome.Completed, 1), (sink.Sink, sink.Outcome, sink.Result.Items));
    }

    [Fact]
    public async Task RunOnceAsync_EveryTenSecondsForTwoMinutes_FitAndCheckpointEverySixthLoop()
    {
        var loop = Loop(Sensor("node-1"));
        var fits = new List<int>();
        var checkpoints = new List<int>();

        // Loops at 0, 10, …, 120 s: fit is due at 0 (never ran), 60 and 120 s; checkpoint one
        // interval after start, at 60 and 120 s.
        for (int k = 0; k <= 12; k++)
        {
            var report = await loop.RunOnceAsync(CancellationToken.None);
            Assert.Equal(PhaseOutcome.Completed, report.Phases[0].Outcome);
            if (report.Phases[1].Outcome == PhaseOutcome.Completed)
            {
                fits.Add(k * 10);
            }

            if (report[RoutinePhase.Checkpoint].Outcome == PhaseOutcome.Completed)
            {
                checkpoints.Add(k * 10);
            }

            _clock.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.Equal([0, 60, 120], fits);
        Assert.Equal([60, 120], checkpoints);
        Assert.Equal(["/x", "/y"], _store.Latest.Recommendations.Select(r => r.Workload));
        Assert.Equal(ManualTimeProvider.Start.AddSeconds(120), _store.Latest.At);
        var saved = CheckpointFile.Load(StateFile)!;
        Assert.Equal(ManualTimeProvider.Start.AddSeconds(120), saved.SavedAt);
        Assert.Equal(["/x", "/y"], saved.Workloads.Select(w => w.Workload));
    }

    [Fact]
    public async Task RunOnceAsync_OneSensorDown_IngestFailedOtherSensorIngestedLaterPhasesRun()
    {
        var down = new ScriptedSource("http://10.0.0.9:9470/v1/snapshot", _ => throw new SnapshotSourceException("http://10.0.0.9:9470/v1/snapshot", "sensor http://10.0.0.9:9470/v1/snapshot is unreachable: Connection refused"), _events);
        var loop = Loop(Sensor("node-1"), down);
        await loop.RunOnceAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(10));

        var report = await loop.RunOnceAsync(CancellationToken.None);

        var ingest = report.Phases[0];
        Assert.Equal(PhaseOutcome.Failed, ingest.Outcome);
        Assert.Equal("sensor http://10.0.0.9:9470/v1/snapshot is unreachable: Connection refused", ingest.Problem);
        Assert.Equal(2, _store.LatestActivity.Workloads.Count); // node-1's /x and /y went in all the same
        Assert.Equal(2, _log.Inner.Matching(LogLevel.Warning, "Sensor http://10.0.0.9:9470/v1/snapshot: read failed").Count);
    }

    [Fact]
    public async Task RunOnceAsync_SensorFailsOnce_NextLoopIngestsAgain()
    {
        var flaky = new ScriptedSource("node-1", k => k == 1 ? throw new SnapshotSourceException("node-1", "node-1 timed out") : Good(k), _events);
        var loop = Loop(flaky);

        var reports = new List<LoopReport>();
        for (int k = 0; k < 3; k++)
        {
            reports.Add(await loop.RunOnceAsync(CancellationToken.None));
            _clock.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.Equal([PhaseOutcome.Completed, PhaseOutcome.Failed, PhaseOutcome.Completed], reports.Select(r => r.Phases[0].Outcome));
        Assert.Equal(2, _store.LatestActivity.Workloads.Count); // reading 2 made intervals from baseline 0
    }

    [Fact]
    public async Task RunOnceAsync_SnapshotRejected_LoggedWithSensorAndLoopCarriesOn()
    {
        var source = new ScriptedSource("node-1", k => k == 1 ? Good(0) : Good(k), _events); // read 1 repeats read 0
        var loop = Loop(source);
        await loop.RunOnceAsync(CancellationToken.None);

        var report = await loop.RunOnceAsync(CancellationToken.None);

        Assert.Equal(PhaseOutcome.Failed, report.Phases[0].Outcome);
        Assert.Contains("is not newer than the last", report.Phases[0].Problem, StringComparison.Ordinal);
        Assert.Single(_log.Inner.Matching(LogLevel.Warning, "Sensor node-1: snapshot rejected"));
        Assert.Equal(PhaseOutcome.Completed, (await loop.RunOnceAsync(CancellationToken.None)).Phases[0].Outcome);
    }

    [Fact]
    public async Task RunOnceAsync_FitThrows_CheckpointStillRunsAndNextFitWorks()
    {
        var loop = Loop(Sensor("node-1"));
        for (int k = 0; k < 6; k++)
        {
            await loop.RunOnceAsync(CancellationToken.None);
            _clock.Advance(TimeSpan.FromSeconds(10));
        }

        _store.FailNextFit = new InvalidOperationException("store is full");
        var failing = await loop.RunOnceAsync(CancellationToken.None); // t = 60 s: fit and checkpoint due

        Assert.Equal([PhaseOutcome.Completed, PhaseOutcome.Failed, PhaseOutcome.Completed, PhaseOutcome.Completed], failing.Phases.Select(p => p.Outcome));
        Assert.Equal("store is full", failing.Phases[1].Problem);
        Assert.True(failing.Aborted); // the fit threw: a loop that failed as a whole, though every other phase ran
        Assert.Single(_log.Inner.Matching(LogLevel.Error, "Phase Fit failed"));
        Assert.True(File.Exists(StateFile));

        _clock.Advance(TimeSpan.FromSeconds(60));
        var next = await loop.RunOnceAsync(CancellationToken.None);
        Assert.Equal(PhaseOutcome.Completed, next.Phases[1].Outcome);
        Assert.Equal(2, _store.Latest.Recommendations.Count);
    }

    [Fact]
    public async Task RunOnceAsync_StateFileNotWritable_CheckpointFailedLoopCarriesOn()
    {
        File.WriteAllText(_dir.File("not-a-dir"), "a file where a directory should be");
        var loop = Loop(Sensor("node-1"), options: Options() with { StateFile = _dir.File("not-a-dir/state.json") });
        _clock.Advance(TimeSpan.FromSeconds(60));

        var report = await loop.RunOnceAsync(CancellationToken.None);

        Assert.Equal([PhaseOutcome.Completed, PhaseOutcome.Completed, PhaseOutcome.Completed, PhaseOutcome.Failed], report.Phases.Select(p => p.Outcome));
        Assert.Single(_log.Inner.Matching(LogLevel.Error, "Phase Checkpoint failed"));
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(PhaseOutcome.Completed, (await loop.RunOnceAsync(CancellationToken.None)).Phases[0].Outcome);
    }

    [Fact]
    public async Task RunOnceAsync_CancelledDuringIngest_CancellationPropagatesNotLoggedAsFailure()
    {
        using var cts = new CancellationTokenSource();
        var source = new ScriptedSource("node-1", k => { cts.Cancel(); throw new OperationCanceledException(cts.Token); });
        var loop = Loop(source);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop.RunOnceAsync(cts.Token));

        Assert.Empty(_log.Inner.Matching(LogLevel.Warning));
    }

    [Theory]
    [InlineData(50_000, true)]  // 5 × 10 s: the boundary itself is still healthy
    [InlineData(50_001, false)]
    public async Task IsHealthy_TimeSinceLastIngest_HealthyUpToFiveIntervals(int ageMs, bool healthy)
    {
        var loop = Loop(Sensor("node-1"));
        await loop.RunOnceAsync(CancellationToken.None);

        _clock.Advance(TimeSpan.FromMilliseconds(ageMs));

        Assert.Equal(healthy, loop.IsHealthy(out string reason));
        Assert.Equal(healthy ? "finished: ingest 50 s ago, fit 50 s ago, output 50 s ago, checkpoint 50 s ago" : "ingest has not finished for 50 s (limit 50 s = 5 × 10 s); output has not finished for 50 s (limit 50 s = 5 × 10 s)", reason);
    }

    [Fact]
    public async Task IsHealthy_NoLoopForFiveIntervalsThenOne_FlipsAndRecovers()
    {
        var loop = Loop(Sensor("node-1"));
        Assert.True(loop.IsHealthy(out _)); // the clock starts at construction

        _clock.Advance(TimeSpan.FromSeconds(51));
        Assert.False(loop.IsHealthy(out string stale));
        Assert.Equal("ingest has not finished for 51 s (limit 50 s = 5 × 10 s); output has not finished for 51 s (limit 50 s = 5 × 10 s)", stale);

        await loop.RunOnceAsync(CancellationToken.None);
        Assert.True(loop.IsHealthy(out _));
    }

    [Fact]
    public async Task IsHealthy_SensorDownEveryLoop_StillHealthyLoopIsRunning()
    {
        var loop = Loop(new ScriptedSource("node-1", _ => throw new SnapshotSourceException("node-1", "down")));

        // 10 minutes of failing reads: every loop finishes, so restarting us would not help.
        for (int k = 0; k < 60; k++)
        {
            await loop.RunOnceAsync(CancellationToken.None);
            _clock.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.True(loop.IsHealthy(out string reason), reason);
    }

    [Fact]
    public async Task IsHealthy_SinkHangs_UnhealthyNamingOutputAndIngest()
    {
        // A sink that never returns (an API server that does not answer) holds the loop: no ingest follows.
        var loop = Loop(Sensor("node-1"));
        _sink.Gate = new TaskCompletionSource();
        var hung = loop.RunOnceAsync(CancellationToken.None);
        await Eventually.WaitFor(() => _sink.Outputs.Count == 1, "the loop to reach its sink");

        _clock.Advance(TimeSpan.FromSeconds(51));

        // Fit (5 × 60 s) and checkpoint (5 × 60 s) are still within their limits; ingest finished at 0 s, output never did.
        Assert.False(loop.IsHealthy(out string reason));
        Assert.Equal("ingest has not finished for 51 s (limit 50 s = 5 × 10 s); output has not finished for 51 s (limit 50 s = 5 × 10 s)", reason);
        _sink.Gate.SetResult();
        await hung;
        await loop.RunOnceAsync(CancellationToken.None);
        Assert.True(loop.IsHealthy(out _));
    }

    [Fact]
    public async Task RunOnceAsync_SinkThrows_LoggedWithItsNameCountedOtherSinksAndPhasesRun()
    {
        var broken = new RecordingSink("vpa-status", _events) { Failure = new InvalidOperationException("API server gone") };
        var loop = Loop([Sensor("node-1")], [broken, _sink]);
        _clock.Advance(TimeSpan.FromSeconds(60)); // checkpoint due: it must run after the failed sink

        var report = await loop.RunOnceAsync(CancellationToken.None);

        Assert.Equal(["read node-1 #0", "activity 0", "recommendations 0", "sink vpa-status", "sink display"], _events);
        Assert.Collection(report.Sinks,
            s => Assert.Equal(("vpa-status", PhaseOutcome.Failed, true, "API server gone"), (s.Sink, s.Outcome, s.Aborted, s.Problem)),
            s => Assert.Equal(("display", PhaseOutcome.Completed, false), (s.Sink, s.Outcome, s.Aborted)));
        Assert.Equal((PhaseOutcome.Failed, "sink vpa-status: API server gone"), (report[RoutinePhase.Output].Outcome, report[RoutinePhase.Output].Problem));
        Assert.False(report.Aborted); // the loop caught it per sink: not a loop that failed as a whole
        Assert.Equal(PhaseOutcome.Completed, report[RoutinePhase.Checkpoint].Outcome);
        Assert.Single(_log.Inner.Matching(LogLevel.Error, "Sink vpa-status failed"));

        // The next loop hands it the output again; once its API answers, it completes.
        broken.Failure = null;
        _clock.Advance(TimeSpan.FromSeconds(10));
        var next = await loop.RunOnceAsync(CancellationToken.None);
        Assert.All(next.Sinks, s => Assert.Equal(PhaseOutcome.Completed, s.Outcome));
    }

    [Fact]
    public async Task RunOnceAsync_SinkReportsItemErrors_FailedButNotAborted()
    {
        var partial = new RecordingSink("workload-profiles") { Errors = 2 };
        var loop = Loop([Sensor("node-1")], [partial]);

        var report = await loop.RunOnceAsync(CancellationToken.None);

        var sink = Assert.Single(report.Sinks);
        Assert.Equal((PhaseOutcome.Failed, false, 2), (sink.Outcome, sink.Aborted, sink.Result.Errors));
        Assert.Equal("2 of its items failed (logged with their names)", sink.Problem);
        Assert.Empty(_log.Inner.Matching(LogLevel.Error)); // the sink logged its items; the loop has nothing to add
    }

    [Fact]
    public async Task RunOnceAsync_ListenerThrows_LoopReportsAndNextLoopRuns()
    {
        var loop = Loop(Sensor("node-1"));
        var heard = new List<LoopReport>();
        loop.Finished += heard.Add;
        loop.Finished += _ => throw new InvalidOperationException("metrics broken");

        var report = await loop.RunOnceAsync(CancellationToken.None);
        await loop.RunOnceAsync(CancellationToken.None);

        Assert.Same(report, heard[0]);
        Assert.Equal(2, heard.Count);
        Assert.Equal(2, _log.Inner.Matching(LogLevel.Error, "A listener of the loop's reports failed").Count);
    }

    [Fact]
    public async Task RunAsync_Cancelled_NormalEndAndLastCheckpointSaved()
    {
        var source = Sensor("node-1");
        var twoLoops = new TaskCompletionSource();
        source.AfterRead += k =>
        {
            if (k == 2)
            {
                twoLoops.TrySetResult(); // the third read starts the third loop: two have finished
            }
        };

        // Real timer, 1 s ingest interval: no timing is asserted, the test waits for two loops.
        var options = Options() with { IngestInterval = TimeSpan.FromSeconds(1), FitInterval = TimeSpan.FromSeconds(1) };
        var loop = Loop([source], [], options, TimeProvider.System);
        using var cts = new CancellationTokenSource();
        var running = loop.RunAsync(maxLoops: null, cts.Token);
        await twoLoops.Task.WaitAsync(TimeSpan.FromMinutes(1));

        await cts.CancelAsync();

        var saved = await running; // Ctrl-C is how a watch ends: no exception
        Assert.Equal((RoutinePhase.Checkpoint, PhaseOutcome.Completed), (saved.Phase, saved.Outcome));
        Assert.Equal(["/x", "/y"], CheckpointFile.Load(StateFile)!.Workloads.Select(w => w.Workload));
    }

    [Fact]
    public async Task RunAsync_ThreeLoops_ThreeReadsThenSavedAtEnd()
    {
        var source = Sensor("node-1");
        var options = Options() with { IngestInterval = TimeSpan.FromMilliseconds(100), FitInterval = TimeSpan.FromMilliseconds(100) };
        var loop = Loop([source], [_sink], options, TimeProvider.System);

        var saved = await loop.RunAsync(maxLoops: 3, CancellationToken.None);

        // Readings 0, 1, 2: two intervals of /y in the file saved at the end (no periodic save was due within 60 s).
        Assert.Equal(3, source.Reads);
        Assert.Equal(3, _sink.Outputs.Count);
        Assert.Equal(PhaseOutcome.Completed, saved.Outcome);
        var restored = new RecommenderEngine(_log.Inner);
        restored.Restore(CheckpointFile.Load(StateFile)!);
        Assert.Equal(2, restored.IntervalsOf("/y"));
    }

    [Fact]
    public async Task RunAsync_StateFileNotWritable_EndsWithTheFailedSaveReported()
    {
        File.WriteAllText(_dir.File("not-a-dir"), "a file where a directory should be");
        var loop = Loop([Sensor("node-1")], [], Options() with { StateFile = _dir.File("not-a-dir/state.json") }, _clock);

        var saved = await loop.RunAsync(maxLoops: 1, CancellationToken.None);

        Assert.Equal(PhaseOutcome.Failed, saved.Outcome);
        Assert.NotNull(saved.Problem);
    }

    private static NodeSnapshot Good(int k) => Node(At(k), Steady(k, 42, "/x"), Steady(k, 43, "/y", load: 2));

    [Fact]
    public void Constructor_SourceReadLessOftenThanItKeepsData_RefusedWithOneLine()
    {
        var ringed = new RingedSource(TimeSpan.FromSeconds(5));

        var error = Assert.Throws<RecommenderConfigurationException>(() => Loop([ringed], [_sink], Options() with { IngestInterval = TimeSpan.FromSeconds(10) }));

        Assert.Equal(["IngestInterval 10 s is longer than the ringed sensor can go unread (5 s: its kernel window ring would wrap and lose windows); read it at most every 5 s"], error.Errors);
        _ = Loop([ringed], [_sink], Options() with { IngestInterval = TimeSpan.FromSeconds(5) }); // at the limit: accepted
    }

    private ScriptedSource Sensor(string name) => new(name, Good, _events);

    private RecommenderOptions Options() => new() { StateFile = StateFile };

    private RecommenderLoop Loop(params ISnapshotSource[] sources) => Loop(sources, [_sink]);

    private RecommenderLoop Loop(ISnapshotSource first, ISnapshotSource? second = null, RecommenderOptions? options = null) =>
        Loop(second is null ? [first] : [first, second], [_sink], options);

    private RecommenderLoop Loop(ISnapshotSource[] sources, ILoopSink[] sinks, RecommenderOptions? options = null, TimeProvider? time = null)
    {
        var o = options ?? Options();
        return new(new RecommenderEngine(_log.Inner), new SnapshotSourceList(sources), sinks, new StateFileCheckpointStore(o.StateFile), _store, o, time ?? _clock, _log);
    }

    /// <summary>A source that loses data when left unread longer than its limit, as the in-process sensor does.</summary>
    private sealed class RingedSource(TimeSpan limit) : ISnapshotSource, IReadIntervalLimit
    {
        public TimeSpan MaxReadInterval => limit;

        public Task<NodeSnapshot> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(Node(At(0)));

        public override string ToString() => "ringed sensor";
    }
}
