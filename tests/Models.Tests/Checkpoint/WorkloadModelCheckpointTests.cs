using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using KernelTruth.Models.Checkpoint;
using KernelTruth.Models.Recommendations;
using KernelTruth.Models.Tests.Fakes;

namespace KernelTruth.Models.Tests.Checkpoint;

public class WorkloadModelCheckpointTests
{
    private static readonly RecommendationPolicy Policy = new();

    internal static string Json(WorkloadModel model) => JsonSerializer.Serialize(model.ToCheckpoint(), TestJsonContext.Default.WorkloadModelCheckpoint);

    internal static string Json(Recommendation r) => JsonSerializer.Serialize(r, TestJsonContext.Default.Recommendation);

    [Fact]
    public void FromCheckpoint_ThroughJson_RecommendsBitForBitTheSame()
    {
        // Varying shapes, throttling and an OOM, then more intervals after the restore on both models.
        var shapes =
            from pattern in Generators.Pattern
            from throttled in Gen.Choose(0, 100)
            from excess in Gen.Choose(0, 300)
            from memory in Gen.Choose(100, 900)
            from oom in Gen.Frequency((9, Gen.Constant(0L)), (1, Gen.Constant(1L)))
            select (pattern, throttled, excess, memory, oom);
        var histories =
            from list in Gen.ListOf(shapes).Where(l => l.Count > 1)
            from split in Gen.Choose(1, 1000)
            select (list, split: split % list.Count);

        Check.One(Properties.Config(60), Prop.ForAll(histories.ToArbitrary(), h =>
        {
            var original = new WorkloadModel();
            for (int k = 0; k < h.split; k++)
            {
                original.Add(Make(k, h.list[k]));
            }

            WorkloadModelCheckpoint restoredCheckpoint = JsonSerializer.Deserialize(Json(original), TestJsonContext.Default.WorkloadModelCheckpoint)!;
            WorkloadModel restored = WorkloadModel.FromCheckpoint(restoredCheckpoint);
            DateTimeOffset now = Intervals.T0.AddDays(3);
            bool sameNow = Json(original.Recommend(Policy, now)) == Json(restored.Recommend(Policy, now));

            for (int k = h.split; k < h.list.Count; k++)
            {
                original.Add(Make(k, h.list[k]));
                restored.Add(Make(k, h.list[k]));
            }

            bool sameLater = Json(original.Recommend(Policy, now)) == Json(restored.Recommend(Policy, now));
            return sameNow && sameLater && Json(original) == Json(restored);
        }));
    }

    [Fact]
    public void FromCheckpoint_UnknownVersion_FailsSayingWhatToDo()
    {
        WorkloadModelCheckpoint checkpoint = new WorkloadModel().ToCheckpoint() with { Version = 4 };

        var error = Assert.Throws<InvalidDataException>(() => WorkloadModel.FromCheckpoint(checkpoint));
        Assert.Contains("version 4 is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCheckpoint_Version2WithoutThrottledMinutes_RestoredWhole()
    {
        // Version 2 added no throttle wait to a minute that had none: its per-minute demand means what version 3's does.
        WorkloadModel model = new();
        foreach (var i in Intervals.Minutes(30, t => Intervals.Exact(t, 60, (0.3, 600))))
        {
            model.Add(i);
        }

        WorkloadModelCheckpoint v2 = Version2(model, throttledMinutes: 0);

        WorkloadModel restored = WorkloadModel.FromCheckpoint(v2);

        Assert.Equal(Json(model.Recommend(Policy, Intervals.T0.AddHours(1))), Json(restored.Recommend(Policy, Intervals.T0.AddHours(1))));
    }

    [Fact]
    public void FromCheckpoint_Version2WithThrottledMinutes_KeepsAllButThePerMinuteDemand()
    {
        // Version 2 counted throttle wait into 29 minutes; that cannot be taken out, so the per-minute
        // demand starts again (the request falls back to per-period demand until a minute finishes).
        WorkloadModel model = new();
        foreach (var i in Intervals.Minutes(30, t => Fakes.Demand.AllThrottled(t, limit: 0.2, meanExcess: 0.1, periods: 600) with { Duration = TimeSpan.FromSeconds(60) }))
        {
            model.Add(i);
        }

        WorkloadModel restored = WorkloadModel.FromCheckpoint(Version2(model, throttledMinutes: 29));
        Recommendation r = restored.Recommend(Policy, Intervals.T0.AddHours(1));

        Assert.Equal(TimeSpan.FromSeconds(0.1), r.Evidence.RequestWindow);
        Assert.Equal(model.Recommend(Policy, Intervals.T0.AddHours(1)).Evidence.SloLimitCores, r.Evidence.SloLimitCores); // per-period demand kept
        Assert.Equal(model.IntervalCount, restored.IntervalCount);
    }

    /// <summary>The model's checkpoint as version 2 wrote it: its version, throttledMinutes, and the pending minute's throttle wait.</summary>
    private static WorkloadModelCheckpoint Version2(WorkloadModel model, long throttledMinutes)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(Json(model))!.AsObject();
        node["version"] = 2;
        node.Remove("censoredMinutes");
        node["throttledMinutes"] = throttledMinutes;
        var baseline = node["baseline"]!.AsObject();
        foreach (string field in new[] { "pendingWaitingAtStartSeconds", "pendingCensoredSeconds", "pendingLastCapSeconds", "pendingLastThrottledThroughout", "pendingAllThrottledThroughout" })
        {
            baseline.Remove(field);
        }

        baseline["pendingThrottleWaitSeconds"] = 1.5;
        return JsonSerializer.Deserialize(node.ToJsonString(), TestJsonContext.Default.WorkloadModelCheckpoint)!;
    }

    [Fact]
    public void FromCheckpoint_Version1_RefusedSayingToDiscardIt()
    {
        // Version 1 has no per-minute demand, and it cannot be rebuilt from per-period demand.
        WorkloadModelCheckpoint checkpoint = new WorkloadModel().ToCheckpoint() with { Version = 1 };

        var error = Assert.Throws<InvalidDataException>(() => WorkloadModel.FromCheckpoint(checkpoint));
        Assert.Contains("per-minute demand", error.Message, StringComparison.Ordinal);
        Assert.Contains("discard the checkpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCheckpoint_Version1Json_ParsesThenRefusedByVersion()
    {
        // A version 1 file lacks minuteDemand and pendingThrottleWaitSeconds: JSON must still parse it
        // so that the reader gets the version message rather than a missing-property error.
        var node = System.Text.Json.Nodes.JsonNode.Parse(Json(new WorkloadModel()))!.AsObject();
        node["version"] = 1;
        node.Remove("minuteDemand");
        node.Remove("censoredMinutes");

        WorkloadModelCheckpoint old = JsonSerializer.Deserialize(node.ToJsonString(), TestJsonContext.Default.WorkloadModelCheckpoint)!;

        var error = Assert.Throws<InvalidDataException>(() => WorkloadModel.FromCheckpoint(old));
        Assert.Contains("version 1 is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCheckpoint_EmptyModel_RoundTrips()
    {
        var model = new WorkloadModel();

        WorkloadModel restored = WorkloadModel.FromCheckpoint(model.ToCheckpoint());

        Assert.Equal(Json(model.Recommend(Policy, Intervals.T0)), Json(restored.Recommend(Policy, Intervals.T0)));
    }

    [Fact]
    public void ToCheckpoint_OneTimeKeptForBoth_WritesBothFieldsAsBefore()
    {
        // The model keeps one last-interval time (the minute averager's); checkpoints still carry it twice, as they
        // always did: none and 0001-01-01 before any interval, then the last interval's end in both.
        var model = new WorkloadModel();
        WorkloadModelCheckpoint empty = model.ToCheckpoint();
        Assert.Null(empty.LastIntervalTime);
        Assert.Equal(new DateTimeOffset(0, TimeSpan.Zero), empty.Baseline.PendingLastTime);

        Assert.Empty(model.Add(Intervals.Exact(Intervals.T0.AddSeconds(10), 10, (0.2, 100))));
        WorkloadModelCheckpoint saved = model.ToCheckpoint();

        Assert.Equal(Intervals.T0.AddSeconds(10), saved.LastIntervalTime);
        Assert.Equal(Intervals.T0.AddSeconds(10), saved.Baseline.PendingLastTime);
        Assert.Equal(Intervals.T0.AddSeconds(10), WorkloadModel.FromCheckpoint(saved).LastIntervalTime);
    }

    private static Models.Input.WorkloadInterval Make(int k, ((double Cores, long Count)[] Pattern, int Throttled, int Excess, int Memory, long Oom) s) =>
        Generators.Interval(Intervals.T0.AddSeconds(37 * (k + 1)), s.Pattern, s.Throttled, s.Excess / 1000.0, s.Memory * 1024L * 1024) with { OomKills = s.Oom };
}
