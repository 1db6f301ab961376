using KernelTruth.Models.Demand;
using KernelTruth.Models.Recommendations;
using KernelTruth.Models.Tests.Fakes;
using KernelTruth.Models.Throttling;
using KernelTruth.Simulations.Replay;

namespace KernelTruth.Models.Tests.Throttling;

/// <summary>The replay sample a thread keeps between the limit search and the predicted effect.</summary>
public class DemandReplayTests
{
    private const double Period = 0.1;

    [Fact]
    public void Ordered_AnotherModelAfterOne_BuildsItsOwnSample()
    {
        // Every period of a at 0.2 core, of b at 0.5: each sample holds its model's one value. The thread remembers a's
        // sample; b, asked next, must not be taken for a (a struct is known by the arrays it holds).
        DemandModel a = Fakes.Demand.Exact((0.2, 100));
        DemandModel b = Fakes.Demand.Exact((0.5, 100));

        Assert.All(DemandReplay.Ordered(a), cores => Assert.Equal(0.2, cores));
        Assert.All(DemandReplay.Ordered(b), cores => Assert.Equal(0.5, cores));
        Assert.All(DemandReplay.Ordered(a), cores => Assert.Equal(0.2, cores));
    }

    [Fact]
    public void ReplayAt_ModelChangedOnAnotherThread_ReplaysTheNewDemand()
    {
        // The recommender fits models on pool threads and feeds them on its ingest thread. Thread A replays the
        // model (its sample of 95 % of periods at 0.2 core, 5 % at 0.8 stays on A: 5 % throttle at a 0.5 limit);
        // the ingest thread then adds 100 periods at 0.9, so the mean demand (95·0.2 + 5·0.8 + 100·0.9)/200 = 0.565
        // passes the limit and the backlog throttles nearly every period. A's next replay must read the new
        // demand: the one a fresh model fed the same intervals gives.
        var model = new WorkloadModel();
        model.Add(Intervals.Exact(Intervals.T0, 10, (0.2, 95), (0.8, 5)));
        var later = Intervals.Exact(Intervals.T0.AddSeconds(10), 10, (0.9, 100));
        LimitPrediction? before = null;
        LimitPrediction? after = null;
        using var replayed = new ManualResetEventSlim();
        using var added = new ManualResetEventSlim();
        var threadA = new Thread(() =>
        {
            before = model.ReplayAt(0.5, 0, Period);
            replayed.Set();
            added.Wait();
            after = model.ReplayAt(0.5, 0, Period);
        });

        threadA.Start();
        replayed.Wait();
        model.Add(later);
        added.Set();
        threadA.Join();

        var fresh = new WorkloadModel();
        fresh.Add(Intervals.Exact(Intervals.T0, 10, (0.2, 95), (0.8, 5)));
        fresh.Add(later);
        LimitPrediction expected = fresh.ReplayAt(0.5, 0, Period)!;
        Assert.True(before!.ThrottledPeriodsRatio < 0.2, $"before: {before.ThrottledPeriodsRatio}");
        Assert.True(expected.ThrottledPeriodsRatio > 0.4, $"fresh: {expected.ThrottledPeriodsRatio}");
        Assert.Equal(expected, after);
    }

    [Fact]
    public void ReplayAt_TwoModelsOnOneThread_EachReplaysItsOwnDemand()
    {
        // The sample buffer is the thread's: building model B's sample must not leave model A's replay reading B's.
        var low = new WorkloadModel();
        low.Add(Intervals.Exact(Intervals.T0, 10, (0.2, 100)));
        var high = new WorkloadModel();
        high.Add(Intervals.Exact(Intervals.T0, 10, (0.9, 100)));

        LimitPrediction lowFirst = low.ReplayAt(0.5, 0, Period)!;
        LimitPrediction highFirst = high.ReplayAt(0.5, 0, Period)!;
        LimitPrediction lowAgain = low.ReplayAt(0.5, 0, Period)!;
        LimitPrediction highAgain = high.ReplayAt(0.4, 0, Period)!;

        // 0.2 core under a 0.5 limit never throttles; 0.9 over it throttles every period.
        Assert.Equal(0.0, lowFirst.ThrottledPeriodsRatio);
        Assert.Equal(1.0, highFirst.ThrottledPeriodsRatio, 3);
        Assert.Equal(lowFirst, lowAgain);
        Assert.Equal(1.0, highAgain.ThrottledPeriodsRatio, 3);
    }
}
