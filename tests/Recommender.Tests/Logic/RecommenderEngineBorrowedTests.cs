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
    public void Restore_OverABootstrappedWorkload_TheCheckpointsModelUnmarked()
    {
        var saved = new RecommenderEngine(new ListLogger());
        saved.Bootstrap("w", Steps(3), "prometheus");
        RecommenderCheckpoint checkpoint = saved.ToCheckpoint(Start.AddHours(1));
        var engine = new RecommenderEngine(new ListLogger());
        engine.Bootstrap("w", Steps(3), "prometheus");

        engine.Restore(checkpoint);

        Assert.Empty(engine.OnBorrowedHistory());
        Assert.Null(engine.Recommend("w", new RecommendationPolicy(), Start.AddHours(1))!.Evidence.HistorySource);
    }

    private static IEnumerable<WorkloadInterval> Steps(int n) =>
        Enumerable.Range(1, n).Select(k => new WorkloadInterval { Time = Start.AddMinutes(5 * k), Duration = TimeSpan.FromMinutes(5), UsageCores = 0.2, Periods = 3000 });
}
