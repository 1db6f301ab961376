using KernelTruth.Models.Input;
using KernelTruth.Models.Recommendations;
using KernelTruth.Recommender.Checkpoint;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Tests.Fakes;

namespace KernelTruth.Recommender.Tests.Logic;

/// <summary>Which workloads rest on borrowed history when they are forgotten, bootstrapped again or restored over.</summary>
public sealed class RecommenderEngineBorrowedTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void OnBorrowedHistory_SeveralBootstrapped_SortedOrdinal()
    {
        var engine = new RecommenderEngine(new ListLogger());
        foreach (string w in new[] { "b", "a/x", "B", "a" })
        {
            engine.Bootstrap(w, Steps(3), "prometheus");
        }

        Assert.Equal(["B", "a", "a/x", "b"], engine.OnBorrowedHistory()); // ordinal: upper case before lower
    }

    [Fact]
    public void Forget_Bootstrapped_NotBorrowedUntilBootstrappedAgain()
    {
        var engine = new RecommenderEngine(new ListLogger());
        engine.Bootstrap("w", Steps(3), "prometheus");

        Assert.True(engine.Forget("w"));
        Assert.Empty(engine.OnBorrowedHistory());
        Assert.Equal(3, engine.Bootstrap("w", Steps(3), "thanos"));
        Assert.Equal(["w"], engine.OnBorrowedHistory());
        Assert.Equal("thanos", engine.Recommend("w", new RecommendationPolicy(), Start.AddHours(1))!.Evidence.HistorySource);
    }

    [Fact]
    public void Restore_UnmarkedModelOverABootstrappedWorkload_TheCheckpointsModelUnmarked()
    {
        var saved = new RecommenderEngine(new ListLogger());
        saved.Bootstrap("w", Steps(3), "prometheus");
        RecommenderCheckpoint checkpoint = saved.ToCheckpoint(Start.AddHours(1));
        checkpoint = checkpoint with { Workloads = [checkpoint.Workloads.Single() with { BorrowedHistory = null }] }; // as a file from before marks were kept
        var engine = new RecommenderEngine(new ListLogger());
        engine.Bootstrap("w", Steps(3), "prometheus");

        engine.Restore(checkpoint);

        Assert.Empty(engine.OnBorrowedHistory());
        Assert.Null(engine.Recommend("w", new RecommendationPolicy(), Start.AddHours(1))!.Evidence.HistorySource);
    }

    [Fact]
    public void Restore_MarkedModel_TheCheckpointsMarkWhateverWasHeld()
    {
        var saved = new RecommenderEngine(new ListLogger());
        saved.Bootstrap("w", Steps(3), "thanos");
        saved.Bootstrap("v", Steps(3), "prometheus");
        RecommenderCheckpoint checkpoint = saved.ToCheckpoint(Start.AddHours(1));
        var engine = new RecommenderEngine(new ListLogger());
        engine.Bootstrap("w", Steps(3), "prometheus");

        engine.Restore(checkpoint);

        Assert.Equal(["v", "w"], engine.OnBorrowedHistory());
        var restored = engine.Recommend("w", new RecommendationPolicy(), Start.AddHours(1))!;
        var original = saved.Recommend("w", new RecommendationPolicy(), Start.AddHours(1))!;
        Assert.Equal("thanos", restored.Evidence.HistorySource);
        Assert.Equal(original.Confidence.Score, restored.Confidence.Score);
        Assert.Equal(original.Evidence.Notes, restored.Evidence.Notes);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Restore_MarkWithoutASource_RefusedNamingTheWorkload(string source)
    {
        var saved = new RecommenderEngine(new ListLogger());
        saved.Bootstrap("w", Steps(3), "prometheus");
        RecommenderCheckpoint checkpoint = saved.ToCheckpoint(Start.AddHours(1));
        checkpoint = checkpoint with { Workloads = [checkpoint.Workloads.Single() with { BorrowedHistory = new BorrowedHistoryState(source, null) }] };
        var engine = new RecommenderEngine(new ListLogger());

        var error = Assert.Throws<InvalidDataException>(() => engine.Restore(checkpoint));

        Assert.Equal($"workload 'w' in the checkpoint cannot be restored: its borrowed history names no usable source ('{source}': 1 to 64 characters)", error.Message);
        Assert.Empty(engine.Workloads);
    }

    private static IEnumerable<WorkloadInterval> Steps(int n) =>
        Enumerable.Range(1, n).Select(k => new WorkloadInterval { Time = Start.AddMinutes(5 * k), Duration = TimeSpan.FromMinutes(5), UsageCores = 0.2, Periods = 3000 });
}
