using FsCheck;
using FsCheck.Fluent;
using KernelTruth.Models.Input;
using KernelTruth.Models.Recommendations;
using KernelTruth.Models.Tests.Checkpoint;
using KernelTruth.Models.Tests.Fakes;

namespace KernelTruth.Models.Tests.Input;

public class WorkloadIntervalTests
{
    private static readonly WorkloadInterval Valid = Generators.Interval(Intervals.T0, [(0.1, 50), (0.2, 50)], 40, 0.05, 1 << 20) with
    {
        ThrottleWait = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 20],
        ContentionWait = [5, 3, 1],
    };

    /// <summary>Ways an interval can be impossible, each with the word its error must contain.</summary>
    private static readonly (string Name, Func<WorkloadInterval, WorkloadInterval> Corrupt, string Mentions)[] Corruptions =
    [
        ("NaN usage", i => i with { UsageCores = double.NaN }, "UsageCores"),
        ("negative usage", i => i with { UsageCores = -0.1 }, "UsageCores"),
        ("infinite wait", i => i with { ThrottleWaitSeconds = double.PositiveInfinity }, "ThrottleWaitSeconds"),
        ("zero duration", i => i with { Duration = TimeSpan.Zero }, "Duration"),
        ("zero period", i => i with { PeriodSeconds = 0 }, "PeriodSeconds"),
        ("throttled > periods", i => i with { ThrottledPeriods = i.Periods + 1 }, "exceeds Periods"),
        ("throttled without limit", i => i with { LimitCores = null }, "unlimited"),
        ("negative limit", i => i with { LimitCores = -1 }, "LimitCores"),
        ("NaN burst", i => i with { BurstCores = double.NaN }, "BurstCores"),
        ("negative count", i => i with { PeriodUsage = [new UsageBucket(0.1, 0.1, -1), new UsageBucket(0.2, 0.2, 100)] }, "Count"),
        ("upper below lower", i => i with { PeriodUsage = [new UsageBucket(0.3, 0.2, 100)] }, "lower ≤ upper"),
        ("overlapping buckets", i => i with { PeriodUsage = [new UsageBucket(0.1, 0.3, 50), new UsageBucket(0.2, 0.4, 50)] }, "non-overlapping"),
        ("throttled > usage periods", i => i with { PeriodUsage = [new UsageBucket(0.2, 0.2, 10)] }, "PeriodUsage"),
        ("waits exceed sum", i => i with { ThrottleWaitSeconds = 0.0001 }, "imply at least"),
        ("negative wait slot", i => i with { ContentionWait = [1, -2] }, "ContentionWait[1]"),
        ("too many slots", i => i with { ContentionWait = new long[28] }, "28 slots"),
        ("peak below current", i => i with { MemoryPeakBytes = i.MemoryBytes - 1 }, "MemoryPeakBytes"),
        ("negative OOM kills", i => i with { OomKills = -1 }, "OomKills"),
    ];

    [Fact]
    public void Validate_RealisticInterval_HasNoErrors() => Assert.Empty(Valid.Validate());

    [Fact]
    public void Validate_EveryCorruption_IsRejectedWithAReasonNamingIt()
    {
        foreach (var (name, corrupt, mentions) in Corruptions)
        {
            IReadOnlyList<string> errors = corrupt(Valid).Validate();
            Assert.True(errors.Any(e => e.Contains(mentions, StringComparison.Ordinal)), $"{name}: {string.Join(" | ", errors)}");
        }
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsAllAtOnce()
    {
        IReadOnlyList<string> errors = (Valid with { UsageCores = double.NaN, Duration = TimeSpan.Zero, OomKills = -1 }).Validate();

        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void Add_AnyCorruptedInterval_IsRejectedAndChangesNothing()
    {
        var cases =
            from history in Gen.Choose(0, 20)
            from which in Gen.Choose(0, Corruptions.Length - 1)
            select (history, which);

        Check.One(Properties.Config(), Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var model = new WorkloadModel();
            for (int k = 0; k < c.history; k++)
            {
                model.Add(Valid with { Time = Intervals.T0.AddMinutes(k) });
            }

            string before = WorkloadModelCheckpointTests.Json(model);
            var bad = Corruptions[c.which].Corrupt(Valid with { Time = Intervals.T0.AddDays(1) });
            IReadOnlyList<string> errors = model.Add(bad);
            return errors.Count > 0 && WorkloadModelCheckpointTests.Json(model) == before;
        }));
    }
}
