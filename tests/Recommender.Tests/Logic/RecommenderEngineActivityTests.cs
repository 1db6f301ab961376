using KernelTruth.Models.Input;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Tests.Fakes;
using KernelTruth.Recommender.Tests.Input;

namespace KernelTruth.Recommender.Tests.Logic;

/// <summary>The engine lists each workload's last interval, busiest first, as the interval its model got.</summary>
public sealed class RecommenderEngineActivityTests
{
    [Fact]
    public void Activity_ThreeSnapshots_EachWorkloadAsItsLastIntervalBusiestFirst()
    {
        var engine = new RecommenderEngine(new ListLogger());
        var last = new Dictionary<string, WorkloadInterval>();
        engine.IntervalAdded += (workload, _, interval) => last[workload] = interval;
        for (int k = 0; k < 3; k++)
        {
            engine.Ingest(SnapshotFactory.Node(SnapshotFactory.At(k), SnapshotFactory.Steady(k, 1, "/light", load: 1), SnapshotFactory.Steady(k, 2, "/heavy", load: 2)));
        }

        var listed = engine.Activity();

        // Switches per 10 s: voluntary stays 10, involuntary grows by the 15 × load throttled periods ⇒ 1.5 × load per second.
        Assert.Equal([Expected("/heavy", last["/heavy"], 3.0), Expected("/light", last["/light"], 1.5)], listed);
    }

    [Fact]
    public void Activity_RestoredWorkloadWithoutNewData_NotListed()
    {
        var engine = new RecommenderEngine(new ListLogger());
        for (int k = 0; k < 2; k++)
        {
            engine.Ingest(SnapshotFactory.Node(SnapshotFactory.At(k), SnapshotFactory.Steady(k, 1, "/a")));
        }

        var restored = new RecommenderEngine(new ListLogger());
        restored.Restore(engine.ToCheckpoint(DateTimeOffset.UnixEpoch));

        Assert.Single(engine.Activity());
        Assert.Empty(restored.Activity());
        Assert.Equal(["/a"], restored.Workloads);
    }

    private static WorkloadActivity Expected(string workload, WorkloadInterval i, double switchesPerSecond) => new(
        workload,
        i.Time,
        i.UsageCores,
        i.LimitCores,
        (double)i.ThrottledPeriods / i.Periods,
        Log2Percentile.UpperEdgeSeconds(i.ThrottleWait, 0.99),
        Log2Percentile.UpperEdgeSeconds(i.ContentionWait, 0.99),
        switchesPerSecond);
}
