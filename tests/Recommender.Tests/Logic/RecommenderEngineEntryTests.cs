using KernelTruth.Models.Recommendations;
using KernelTruth.Recommender.Forecast;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Tests.Fakes;

namespace KernelTruth.Recommender.Tests.Logic;

/// <summary>A workload's entry in the engine: one object with its forecasting state, the history flag in a bit of its last-data time.</summary>
public sealed class RecommenderEngineEntryTests
{
    [Fact]
    public void ObjectBytes_NewEntry_OneObjectWithItsForecastingStateAndReplayMemo800Bytes()
    {
        // 680 (the forecasting state with the header) + 8 (model) + 8 (last data) + 32 (last activity) + 72 (replay
        // memo, its prediction inline) = 800. With the memo referring to its prediction the entry took 760 and held
        // 112 more once a prediction was made (872): neither is 800.
        var model = new WorkloadModel();

        long allocated = Allocated.By(() => new RecommenderEngine.Workload(model));

        Assert.Equal(800, allocated);
        Assert.Equal(RecommenderEngine.Workload.ObjectBytes, allocated);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(638_000_000_000_000_000L)] // 2022-09-30
    [InlineData(3_155_378_975_999_999_999L)] // DateTimeOffset.MaxValue's ticks: 2^61.45, the sign bit stays free
    public void LastDataAndHasHistory_SetInAnyOrder_EachReadBackAsSet(long ticks)
    {
        var time = new DateTimeOffset(ticks, TimeSpan.Zero);
        var entry = new RecommenderEngine.Workload(new WorkloadModel());
        Assert.False(entry.HasHistory);

        entry.HasHistory = true;
        entry.LastData = time;
        Assert.Equal((time, true), (entry.LastData, entry.HasHistory));

        entry.LastData = time.AddTicks(-Math.Min(ticks, 1));
        entry.HasHistory = false;
        Assert.Equal((time.AddTicks(-Math.Min(ticks, 1)), false), (entry.LastData, entry.HasHistory));

        entry.HasHistory = true;
        Assert.Equal((time.AddTicks(-Math.Min(ticks, 1)), true), (entry.LastData, entry.HasHistory));
    }

    [Fact]
    public void Forecasts_EngineHoldsTheWorkload_ItsEntryIsItsForecastingState()
    {
        // The forecasting state the engine's forecasts use is the entry itself: no second object per workload.
        var engine = new RecommenderEngine(new ListLogger());
        var interval = new KernelTruth.Models.Input.WorkloadInterval { Time = DateTimeOffset.UnixEpoch.AddMinutes(3), Duration = TimeSpan.FromSeconds(10), UsageCores = 0.5 };
        Assert.Equal(1, engine.Bootstrap("w", [interval], "test"));

        var entry = ((IDemandSlots)engine).Slot("w");

        Assert.IsType<RecommenderEngine.Workload>(entry);
        Assert.True(entry!.HasHistory);
        Assert.Equal(1, engine.Forecasts.Count);
    }
}
