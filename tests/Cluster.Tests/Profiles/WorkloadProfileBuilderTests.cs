using System.Text.Json.Nodes;
using k8s;
using KernelTruth.Cluster.Attribution;
using KernelTruth.Cluster.Profiles;
using KernelTruth.Cluster.Tests.Schema;
using KernelTruth.Cluster.Tests.Vpa;
using KernelTruth.Contracts.Units;
using KernelTruth.Kubernetes.Resources;
using KernelTruth.Models.Input;
using KernelTruth.Models.Recommendations;
using KernelTruth.Recommender.Logic;

namespace KernelTruth.Cluster.Tests.Profiles;

public sealed class WorkloadProfileBuilderTests
{
    private static readonly DateTimeOffset Now = History.Start.AddMinutes(31);
    private static readonly WorkloadRef Web = new("shop", "apps/v1", "Deployment", "web");

    [Fact]
    public void Build_FromModelAndWindow_ValidAgainstOurCrdAndCarriesTheNumbers()
    {
        var model = History.Bursty(0.1, 0.9, 30);
        var recommendation = model.Recommend(new RecommendationPolicy(), Now);
        var window = new MeasuredWindow();
        window.Add("pod-a", Interval(0.2, periods: 100, throttled: 10, Now.AddSeconds(-10)));
        window.Add("pod-b", Interval(0.4, periods: 100, throttled: 30, Now));

        var profile = WorkloadProfileBuilder.Build(
            new ProfileInputs(Web, "app", recommendation, window, (0.1, 0.9, 0.9), new CurrentResources(0.5, 0.6, 256L << 20, 512L << 20)),
            null,
            1.0,
            Now);

        var errors = Schemas.ValidateProfile(profile);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var s = profile.Status!;
        Assert.Equal("deployment-web-app", profile.Metadata.Name);
        Assert.Equal(2, s.Pods);
        Assert.Equal(20, s.WindowSeconds); // first start (−20 s) to last end
        Assert.Equal(0.3, s.Measured!.UsageAverageCores, 1e-9); // (0.2·10 + 0.4·10)/20
        Assert.Equal(0.2, s.Measured.ThrottledPeriodsRatio, 1e-9); // 40 of 200
        Assert.Equal(Quantity.FormatCpu(recommendation.Cpu.RequestCores), s.Recommendation!.CpuRequest);
        Assert.Equal("500m", s.Current!.CpuRequest);
        Assert.Equal("512Mi", s.Current.MemoryLimit);
        Assert.Equal(Quantity.FormatCpu(recommendation.Baseline.Cpu.RequestCores), s.Baseline!.CpuRequest);
        Assert.NotEmpty(s.Recommendation.Evidence);
        Assert.Contains(s.Conditions!, c => c.Type == "LowConfidence" && c.Status == "True");
    }

    [Fact]
    public void Build_Json_UsesTheAgreedFieldNames()
    {
        var model = History.Bursty(0.1, 0.9, 30);
        var profile = WorkloadProfileBuilder.Build(new ProfileInputs(Web, "app", model.Recommend(new RecommendationPolicy(), Now), new MeasuredWindow(), (0, 0, 0), CurrentResources.None), null, 1.0, Now);

        var json = JsonNode.Parse(KubernetesJson.Serialize(profile))!;
        Assert.Equal("ktruth.io/v1alpha1", json["apiVersion"]!.GetValue<string>());
        Assert.Equal("WorkloadProfile", json["kind"]!.GetValue<string>());
        Assert.Equal("Deployment", json["metadata"]!["labels"]!["ktruth.io/workload-kind"]!.GetValue<string>());
        foreach (var path in new[] { "measured.demandCores.p95", "measured.throttleWaitSeconds.p99", "measured.contentionWaitSeconds.p50", "recommendation.confidence", "baseline.memoryRequest", "windowSeconds", "lastUpdated" })
        {
            JsonNode? node = json["status"];
            foreach (var part in path.Split('.'))
            {
                node = node?[part];
            }

            Assert.True(node is not null, $"status.{path} is missing");
        }

        Assert.Null(json["status"]!["current"]!["cpuLimit"]); // not set = absent, not null
    }

    [Fact]
    public void Build_WithStartups_StartupPercentilesInStatusValidAgainstOurCrd()
    {
        var model = History.Bursty(0.1, 0.9, 30);
        var startup = new KernelTruth.Models.Startup.StartupSummary(
            4, new(1.5, 4.25), new(2.0, 3.5), new(0.25, 1.0));
        var profile = WorkloadProfileBuilder.Build(
            new ProfileInputs(Web, "app", model.Recommend(new RecommendationPolicy(), Now), new MeasuredWindow(), (0, 0, 0), CurrentResources.None, Startup: startup),
            null,
            1.0,
            Now);

        Assert.Empty(Schemas.ValidateProfile(profile));
        var json = JsonNode.Parse(KubernetesJson.Serialize(profile))!["status"]!["measured"]!["startup"]!;
        Assert.Equal(4, json["starts"]!.GetValue<int>());
        Assert.Equal(4.25, json["readySeconds"]!["p90"]!.GetValue<double>());
        Assert.Equal(2.0, json["cpuCoreSeconds"]!["p50"]!.GetValue<double>());
        Assert.Equal(1.0, json["throttledSeconds"]!["p90"]!.GetValue<double>());
    }

    [Fact]
    public void Build_StartsNeedABurst_AdviceInRecommendationValidAgainstOurCrd()
    {
        // The advisor's burst case: W 0.8 core-s on 4 cores under 2 cores / 100 ms, ready 0.35 s; a burst between 1 and
        // 2 cores (100 000–200 000 µs per 100 ms period) brings it within 0.3 s.
        var model = History.Bursty(0.1, 0.9, 30);
        var summary = new KernelTruth.Models.Startup.StartupSummary(2, new(0.35, 0.35), new(1, 1), new(0.6, 0.6), new(0.8, 0.8), new(0.6, 0.6));
        var advice = KernelTruth.Models.Startup.StartupAdvisor.Advise(summary, 2, 0, 0.1, 2)!;
        var r = model.Recommend(new RecommendationPolicy(), Now);
        r = r with { Evidence = r.Evidence with { Startup = advice } };
        var profile = WorkloadProfileBuilder.Build(
            new ProfileInputs(Web, "app", r, new MeasuredWindow(), (0, 0, 0), CurrentResources.None, Startup: summary),
            null,
            1.0,
            Now);

        Assert.Empty(Schemas.ValidateProfile(profile));
        var status = JsonNode.Parse(KubernetesJson.Serialize(profile))!["status"]!;
        var json = status["recommendation"]!["startup"]!;
        Assert.Equal("burst", json["fix"]!.GetValue<string>());
        Assert.Equal("2000m", json["cpuLimit"]!.GetValue<string>());
        Assert.InRange(json["cpuBurstMicroseconds"]!.GetValue<long>(), 100_000, 200_000);
        Assert.InRange(json["predictedReadySeconds"]!.GetValue<double>(), 0.2, 0.3);
        Assert.Equal(0.8, status["measured"]!["startup"]!["warmupCpuCoreSeconds"]!["p50"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("forecast", null, 3.25)]
    [InlineData("reactive", "12 of 30 forecasts have been checked against what happened", 2.0)]
    public void Build_WithForecast_SourceReasonAndValueInStatusValidAgainstOurCrd(string source, string? reason, double cores)
    {
        var model = History.Bursty(0.1, 0.9, 30);
        var forecast = new KernelTruth.Recommender.Forecast.DemandForecast(cores, source, reason, 75, 2.0, Now.AddMinutes(-2), PredictedCores: 3.25);
        var profile = WorkloadProfileBuilder.Build(
            new ProfileInputs(Web, "app", model.Recommend(new RecommendationPolicy(), Now), new MeasuredWindow(), (0, 0, 0), CurrentResources.None, Forecast: forecast),
            null,
            1.0,
            Now);

        Assert.Empty(Schemas.ValidateProfile(profile));
        var json = JsonNode.Parse(KubernetesJson.Serialize(profile))!["status"]!["forecast"]!;
        Assert.Equal(cores, json["cpuDemandCores"]!.GetValue<double>());
        Assert.Equal(source, json["source"]!.GetValue<string>());
        Assert.Equal(reason, json["reason"]?.GetValue<string>());
        Assert.Equal(75, json["horizonSeconds"]!.GetValue<double>());
        Assert.Equal(2.0, json["reactiveCores"]!.GetValue<double>());
        Assert.Equal(3.25, json["predictedCores"]!.GetValue<double>());
        Assert.Equal(KernelTruth.Cluster.Vpa.Conditions.Rfc3339(Now.AddMinutes(-2)), json["madeAt"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Deployment", "web", "app", "deployment-web-app")]
    [InlineData("StatefulSet", "DB_Primary", "pg", "statefulset-db-primary-pg")]
    public void Name_Workload_Dns1123(string kind, string name, string container, string expected)
    {
        Assert.Equal(expected, ProfileNaming.Name(new WorkloadRef("ns", "apps/v1", kind, name), container));
    }

    [Fact]
    public void Build_WithSimulatedEffect_PredictedTakesTheEnginesNumbersAndPassesTheCrd()
    {
        var model = History.Bursty(0.1, 0.9, 30);
        var recommendation = model.Recommend(new RecommendationPolicy(), Now);
        var simulated = SimulatedEffect.AtRecommendedLimit(model, recommendation)
            ?? throw new InvalidOperationException("no recommended limit");
        simulated = simulated with { ThrottledPeriodsRatio = 0.0375, ThrottleWaitP99Seconds = 0.0125, UsageCores = 0.25, Confidence = 0.5 }; // distinct from the model's

        var profile = WorkloadProfileBuilder.Build(new ProfileInputs(Web, "app", recommendation, new MeasuredWindow(), (0, 0, 0), CurrentResources.None, simulated), null, 1.0, Now);

        var errors = Schemas.ValidateProfile(profile);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var p = profile.Status!.Predicted!;
        Assert.Equal("simulation", p.Source);
        Assert.Equal(Quantity.FormatCpu(simulated.LimitCores), p.CpuLimit);
        Assert.Equal(0.0375, p.ThrottledPeriodsRatio);
        Assert.Equal(0.0125, p.ThrottleWaitP99Seconds);
        Assert.Equal(0.25, p.UsageCores);
        Assert.Equal(0.5, p.Confidence);
        Assert.Equal(recommendation.Evidence.AtRecommendedLimit!.ThrottledPeriodsRatio, p.Model!.ThrottledPeriodsRatio, 1e-5);
        var json = JsonNode.Parse(KubernetesJson.Serialize(profile))!["status"]!["predicted"]!;
        Assert.Equal(0.0375, json["throttledPeriodsRatio"]!.GetValue<double>());
        Assert.Equal("simulation", json["source"]!.GetValue<string>());
    }

    [Fact]
    public void Build_WithoutSimulatedEffect_PredictedIsTheModelsAndSaysSo()
    {
        var model = History.Bursty(0.1, 0.9, 30);
        var recommendation = model.Recommend(new RecommendationPolicy(), Now);

        var profile = WorkloadProfileBuilder.Build(new ProfileInputs(Web, "app", recommendation, new MeasuredWindow(), (0, 0, 0), CurrentResources.None), null, 1.0, Now);

        Assert.Empty(Schemas.ValidateProfile(profile));
        Assert.Equal("model", profile.Status!.Predicted!.Source);
        Assert.Equal(recommendation.Evidence.AtRecommendedLimit!.ThrottledPeriodsRatio, profile.Status.Predicted.ThrottledPeriodsRatio, 1e-5);
    }

    [Fact]
    public void Name_TooLong_TruncatedWithDistinctHashes()
    {
        string longName = new('a', 300);
        var a = ProfileNaming.Name(new WorkloadRef("ns", "apps/v1", "Deployment", longName + "x"), "app");
        var b = ProfileNaming.Name(new WorkloadRef("ns", "apps/v1", "Deployment", longName + "y"), "app");

        Assert.True(a.Length <= 253 && b.Length <= 253);
        Assert.NotEqual(a, b);
        Assert.Matches("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", a);
        Assert.True(ProfileNaming.LabelValue(longName).Length <= 63);
    }

    internal static WorkloadInterval Interval(double cores, long periods, long throttled, DateTimeOffset end) => new()
    {
        Time = end,
        Duration = TimeSpan.FromSeconds(10),
        UsageCores = cores,
        LimitCores = 0.5,
        Periods = periods,
        ThrottledPeriods = throttled,
        PeriodUsage = [new UsageBucket(cores, cores, periods)],
        ThrottleWait = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, throttled], // 16–33 ms
        ThrottleWaitSeconds = throttled * 0.02,
        MemoryBytes = 100L << 20,
    };
}
