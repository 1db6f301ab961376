using KernelTruth.Cluster.Profiles;
using KernelTruth.Kubernetes.Resources;

namespace KernelTruth.Cluster.Tests.Profiles;

/// <summary>Which changes of a WorkloadProfile's status are written at once (the key moves) and which wait for the refresh.</summary>
public sealed class ActionableStatusTests
{
    private static readonly WorkloadProfileStatus Status = new()
    {
        LastUpdated = "2026-12-07T10:00:00Z",
        WindowSeconds = 600,
        Pods = 2,
        Measured = new ProfileMeasured { UsageAverageCores = 0.412, DemandCores = new ProfilePercentiles(0.3, 0.5, 0.6), ThrottledPeriodsRatio = 0.02, OomKills = 0 },
        Current = new ProfileResources { CpuRequest = "100m", CpuLimit = "200m" },
        Recommendation = new ProfileRecommendation { CpuRequest = "250m", CpuLimit = "500m", MemoryRequest = "116Mi", Confidence = 0.8031, Evidence = ["from 120 intervals"] },
        Baseline = new ProfileBaseline { CpuRequest = "240m", MemoryRequest = "128Mi" },
        Predicted = new ProfilePrediction { CpuLimit = "500m", ThrottledPeriodsRatio = 0.004, Source = "simulation" },
        Forecast = new ProfileForecast { CpuDemandCores = 0.41, Source = "reactive", Reason = "history too short", MadeAt = "2026-12-07T10:00:00Z" },
        Conditions = [new VpaCondition { Type = "RecommendationProvided", Status = "True", Reason = "RecommendationProvided", Message = "from 120 intervals, 12000 CFS periods" }],
    };

    [Fact]
    public void Key_OnlyNumbersCountsAndMessagesMoved_Same()
    {
        var moved = Status with
        {
            LastUpdated = "2026-12-07T10:00:10Z",
            WindowSeconds = 610,
            Measured = Status.Measured! with { UsageAverageCores = 0.418, DemandCores = new ProfilePercentiles(0.31, 0.52, 0.61), ThrottledPeriodsRatio = 0.021 },
            Recommendation = Status.Recommendation! with { Confidence = 0.8042, Evidence = ["from 126 intervals"] }, // 0.80 both times
            Predicted = Status.Predicted! with { ThrottledPeriodsRatio = 0.005 },
            Forecast = Status.Forecast! with { CpuDemandCores = 0.43, MadeAt = "2026-12-07T10:01:00Z" },
            Conditions = [Status.Conditions![0] with { Message = "from 126 intervals, 12600 CFS periods" }],
        };

        Assert.Equal(ActionableStatus.Key(Status), ActionableStatus.Key(moved));
    }

    public static TheoryData<string, WorkloadProfileStatus> ActedOn() => new()
    {
        { "cpu request", Status with { Recommendation = Status.Recommendation! with { CpuRequest = "260m" } } },
        { "memory limit", Status with { Recommendation = Status.Recommendation! with { MemoryLimit = "256Mi" } } },
        { "confidence 0.80 -> 0.81", Status with { Recommendation = Status.Recommendation! with { Confidence = 0.8062 } } },
        { "startup advice", Status with { Recommendation = Status.Recommendation! with { Startup = new ProfileStartupAdvice { Throttled = true, Fix = "burst", CpuBurstMicroseconds = 50_000 } } } },
        { "baseline", Status with { Baseline = Status.Baseline! with { CpuRequest = "250m" } } },
        { "predicted limit", Status with { Predicted = Status.Predicted! with { CpuLimit = "600m" } } },
        { "current limit", Status with { Current = Status.Current! with { CpuLimit = "300m" } } },
        { "condition status", Status with { Conditions = [Status.Conditions![0] with { Status = "False", Reason = "NoHistory" }] } },
        { "a condition appears", Status with { Conditions = [.. Status.Conditions!, new VpaCondition { Type = "LowConfidence", Status = "True", Reason = "ShortHistory" }] } },
        { "forecast trusted", Status with { Forecast = Status.Forecast! with { Source = "forecast", Reason = null } } },
        { "forecast gone", Status with { Forecast = null } },
        { "an OOM kill", Status with { Measured = Status.Measured! with { OomKills = 1 } } },
    };

    [Theory]
    [MemberData(nameof(ActedOn))]
    public void Key_SomethingAReaderActsOnChanged_Differs(string what, WorkloadProfileStatus changed)
    {
        Assert.True(ActionableStatus.Key(Status) != ActionableStatus.Key(changed), what);
    }
}
