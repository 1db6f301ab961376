using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Tests.Fakes;
using static KernelTruth.Recommender.Tests.Input.SnapshotFactory;

namespace KernelTruth.Recommender.Tests.Logic;

/// <summary>
/// Which models go: idle past the idle time, or reported gone by the host and idle past the grace. Snapshot k is taken
/// at Start + (k + 1) × 10 s (SnapshotFactory), so a cgroup read at snapshots 0 and 1 last had data at Start + 20 s.
/// </summary>
public sealed class ModelLifecycleTests
{
    private static readonly DateTimeOffset LastData = ManualTimeProvider.Start.AddSeconds(20);
    private readonly ListLogger _log = new();

    [Fact]
    public void Sweep_OneIdlePastTtlOneFresh_OnlyTheIdleOneDropped()
    {
        var engine = Engine();
        engine.Ingest(Node(At(2), Steady(2, 43, "/fresh"))); // /old is missing from snapshot 2: its last data stays at 20 s
        engine.Ingest(Node(At(3), Steady(3, 43, "/fresh")));

        // At 20 s + 10 min: /old has been idle exactly the idle time, /fresh for 10 min − 20 s.
        var dropped = new ModelLifecycle(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10), null).Sweep(engine, LastData.AddMinutes(10));

        Assert.Equal(["/old"], dropped.Select(d => d.Workload));
        Assert.Equal(TimeSpan.FromMinutes(10), dropped[0].Idle);
        Assert.False(dropped[0].Gone);
        Assert.Equal(["/fresh"], engine.Workloads);
        Assert.Equal(["/fresh"], engine.ToCheckpoint(LastData).Workloads.Select(w => w.Workload));

        // Its demand history went with it: nothing kept per workload outlives the model.
        Assert.Null(engine.Forecasts.Save("/old"));
        Assert.NotNull(engine.Forecasts.Save("/fresh"));
        Assert.Equal(1, engine.Forecasts.Count);
    }

    [Fact]
    public void Sweep_IdleJustUnderTtl_Kept()
    {
        var engine = Engine();

        var dropped = new ModelLifecycle(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10), null).Sweep(engine, LastData.AddMinutes(10).AddTicks(-1));

        Assert.Empty(dropped);
        Assert.Equal(["/fresh", "/old"], engine.Workloads);
    }

    [Fact]
    public void Sweep_GoneAndIdlePastGrace_DroppedLongBeforeTtl()
    {
        var engine = Engine();
        var presence = new GoneSet("/old");

        // 8 days of idle time, 10 min of grace: 10 min after their last data only the gone workload goes.
        var dropped = new ModelLifecycle(TimeSpan.FromDays(8), TimeSpan.FromMinutes(10), presence).Sweep(engine, LastData.AddMinutes(10));

        var d = Assert.Single(dropped);
        Assert.Equal(("/old", true), (d.Workload, d.Gone));
        Assert.Equal(["/fresh"], engine.Workloads);
    }

    [Fact]
    public void Sweep_GoneButWithinGrace_KeptAndPresenceNotAsked()
    {
        var engine = Engine();
        var presence = new GoneSet("/old");

        var dropped = new ModelLifecycle(TimeSpan.FromDays(8), TimeSpan.FromMinutes(10), presence).Sweep(engine, LastData.AddMinutes(9));

        Assert.Empty(dropped);
        Assert.Equal(0, presence.Asked); // a workload with recent data is never looked up
    }

    [Fact]
    public void Sweep_RestoredModelWhoseLastDataIsOlderThanTtl_Dropped()
    {
        var saved = Engine().ToCheckpoint(LastData);
        var restored = new RecommenderEngine(_log);
        restored.Restore(saved);

        // The models' last intervals travel in the checkpoint: a restart 8 days later does not make them fresh.
        var dropped = new ModelLifecycle(TimeSpan.FromDays(8), TimeSpan.FromMinutes(10), null).Sweep(restored, LastData.AddDays(8));

        Assert.Equal(["/fresh", "/old"], dropped.Select(d => d.Workload).Order(StringComparer.Ordinal));
        Assert.Empty(restored.Workloads);
    }

    [Fact]
    public void Sweep_RestoredFromAFileWithoutLastData_IdleCountedFromTheLastInterval()
    {
        // A checkpoint written before LastData was saved: the model's last interval (20 s) is when data last came.
        var saved = Engine().ToCheckpoint(LastData.AddDays(3));
        var old = saved with { Workloads = [.. saved.Workloads.Select(w => w with { LastData = null })] };
        var restored = new RecommenderEngine(_log);
        restored.Restore(old);

        var dropped = new ModelLifecycle(TimeSpan.FromDays(8), TimeSpan.FromMinutes(10), null).Sweep(restored, LastData.AddDays(8));

        Assert.Equal(2, dropped.Count);
    }

    [Fact]
    public void Sweep_RestoredModelReceivedOnTheRecommendersClock_IdleCountedFromWhenItWasReceived()
    {
        // Snapshots stamped 20 s in by the sensor, received 2 days later by the loop's clock: the loop's time is kept.
        var engine = new RecommenderEngine(_log);
        engine.Ingest(Node(At(0), Steady(0, 42, "/x")), LastData.AddDays(2));
        engine.Ingest(Node(At(1), Steady(1, 42, "/x")), LastData.AddDays(2));
        var restored = new RecommenderEngine(_log);
        restored.Restore(engine.ToCheckpoint(LastData.AddDays(2)));

        var lifecycle = new ModelLifecycle(TimeSpan.FromDays(8), TimeSpan.FromMinutes(10), null);

        Assert.Empty(lifecycle.Sweep(restored, LastData.AddDays(9))); // 7 days after it was received
        Assert.Single(lifecycle.Sweep(restored, LastData.AddDays(10)));
    }

    [Fact]
    public void Sweep_NodeSilentPastTtl_BaselinesForgotten()
    {
        var engine = Engine();
        Assert.Equal(1, engine.Nodes);

        new ModelLifecycle(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10), null).Sweep(engine, LastData.AddMinutes(10));

        Assert.Equal(0, engine.Nodes); // its last snapshot (taken at 20 s) is 10 min old
    }

    /// <summary>Two workloads, /old and /fresh, each with one interval ending at 20 s (snapshots 0 and 1).</summary>
    private RecommenderEngine Engine()
    {
        var engine = new RecommenderEngine(_log);
        engine.Ingest(Node(At(0), Steady(0, 42, "/old"), Steady(0, 43, "/fresh")));
        engine.Ingest(Node(At(1), Steady(1, 42, "/old"), Steady(1, 43, "/fresh")));
        Assert.Equal(1, engine.IntervalsOf("/old"));
        return engine;
    }

    private sealed class GoneSet(params string[] gone) : IWorkloadPresence
    {
        public int Asked { get; private set; }

        public bool IsGone(string workload)
        {
            Asked++;
            return gone.Contains(workload);
        }
    }
}
