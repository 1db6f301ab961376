using k8s;
using k8s.Models;
using KernelTruth.Cluster.Attribution;
using KernelTruth.Cluster.Tests.Schema;
using KernelTruth.Cluster.Vpa;
using KernelTruth.Contracts.Units;
using KernelTruth.Kubernetes.Resources;
using KernelTruth.Models.Recommendations;

namespace KernelTruth.Cluster.Tests.Vpa;

/// <summary>
/// One container "app" with 30 minutes of bursty history: 70 % of periods at 0.2 cores, 30 % at 0.8
/// (mean 0.38). Every status built is validated against the upstream VPA CRD schema.
/// </summary>
public sealed class VpaStatusBuilderTests
{
    private static readonly DateTimeOffset Now = History.Start.AddMinutes(31);
    private static readonly VpaOptions Options = new();
    private readonly WorkloadModel _app = History.Bursty(0.2, 0.8, 30);
    private readonly WorkloadModel _sidecar = History.Bursty(0.01, 0.02, 30);

    [Fact]
    public void Build_DefaultPolicy_TargetAndBoundsAreTheModelsRecommendation()
    {
        var result = Build(Vpa(), Inputs());

        var expected = _app.Recommend(Options.Policy with { ContainersInPod = 2 }, Now); // no ratio: no pod limit
        var app = Container(result, "app");
        Assert.Equal(Quantity.FormatCpu(expected.Cpu.RequestCores), app.Target["cpu"]);
        Assert.Equal(Quantity.FormatCpu(expected.Cpu.LowerBoundCores), app.LowerBound!["cpu"]);
        Assert.Equal(Quantity.FormatCpu(expected.Cpu.UpperBoundCores), app.UpperBound!["cpu"]);
        Assert.Equal(Quantity.FormatCpu(expected.Cpu.UncappedTargetCores), app.UncappedTarget!["cpu"]);
        long memory = Quantity.ParseBytes(app.Target["memory"]);
        Assert.InRange(memory - expected.Memory.RequestBytes, 0, (1 << 20) - 1); // rounded up to a MiB, never down
        Assert.Equal(0, memory % (1 << 20));
        Assert.Equal("True", Condition(result, VpaConditionTypes.RecommendationProvided).Status);
        Assert.Equal("True", Condition(result, VpaConditionTypes.LowConfidence).Status); // 30 min < 1 day
        Assert.Equal("False", Condition(result, VpaConditionTypes.NoPodsMatched).Status);
        Assert.Equal("False", Condition(result, VpaConditionTypes.ConfigUnsupported).Status);
        AssertValid(result);
    }

    [Fact]
    public void Build_RequestsAndLimitsWithRatio_ImpliedLimitMeetsTheSlo()
    {
        // 70 % of periods at 0.1 cores, 30 % at 0.9: per-minute demand 0.34 ⇒ request ≈ 0.34 × 1.15 ≈ 0.39.
        // The pod has request 100m, limit 200m: VPA will set limit = 2 × target ≈ 0.78, throttling the
        // 0.9-core bursts in 30 % of periods. To keep ≤ 1 % throttled the limit must be ≥ 0.9 ⇒ target ≥ 0.45.
        var bursty = History.Bursty(0.1, 0.9, 30);
        var current = new Dictionary<string, CurrentResources> { ["app"] = new(0.1, 0.2, null, null) };
        var result = Build(Vpa(), Inputs(current: current, recommend: (c, p) => (c == "app" ? bursty : _sidecar).Recommend(p, Now)));

        double target = Quantity.ParseCpuCores(Container(result, "app").Target["cpu"]);
        Assert.True(target * 2 >= 0.9, $"implied limit {target * 2} is below the 0.9-core bursts");
        var unconstrained = bursty.Recommend(Options.Policy with { ContainersInPod = 2 }, Now);
        Assert.True(unconstrained.Cpu.RequestCores * 2 < 0.9, "the scenario must need the raise");
        Assert.True(target > unconstrained.Cpu.RequestCores, "the ratio must have raised the target");
        var provided = Condition(result, VpaConditionTypes.RecommendationProvided);
        Assert.Contains("limit/request 2", provided.Message, StringComparison.Ordinal);
        Assert.Contains("meets the throttling SLO", provided.Message, StringComparison.Ordinal);
        AssertValid(result);
    }

    [Fact]
    public void Build_RequestsOnly_TargetNotRaisedLimitIsAdvice()
    {
        var bursty = History.Bursty(0.1, 0.9, 30);
        var current = new Dictionary<string, CurrentResources> { ["app"] = new(0.1, 0.2, null, null) };
        var vpa = Vpa(new VpaContainerPolicy { ContainerName = "app", ControlledValues = "RequestsOnly" });
        var result = Build(vpa, Inputs(current: current, recommend: (c, p) => (c == "app" ? bursty : _sidecar).Recommend(p, Now)));

        var unconstrained = bursty.Recommend(Options.Policy with { ContainersInPod = 2, ControlledValues = ControlledValues.RequestsOnly }, Now);
        Assert.Equal(Quantity.FormatCpu(unconstrained.Cpu.RequestCores), Container(result, "app").Target["cpu"]);
        Assert.Contains("RequestsOnly", Condition(result, VpaConditionTypes.RecommendationProvided).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ModeOffAndCpuOnly_OffContainerOmittedOtherCpuOnly()
    {
        var vpa = Vpa(
            new VpaContainerPolicy { ContainerName = "sidecar", Mode = "Off" },
            new VpaContainerPolicy { ContainerName = "*", ControlledResources = ["cpu"] });
        var result = Build(vpa, Inputs());

        var recs = result.Status.Recommendation!.ContainerRecommendations!;
        Assert.Equal("app", Assert.Single(recs).ContainerName);
        Assert.Equal(["cpu"], recs[0].Target.Keys);
        AssertValid(result);
    }

    [Fact]
    public void Build_MaxAllowed_CapsTargetKeepsUncapped()
    {
        var vpa = Vpa(new VpaContainerPolicy { ContainerName = "app", MaxAllowed = new() { ["cpu"] = "100m" } });
        var result = Build(vpa, Inputs());

        var app = Container(result, "app");
        Assert.Equal("100m", app.Target["cpu"]);
        Assert.True(Quantity.ParseCpuCores(app.UncappedTarget!["cpu"]) > 0.1);
        AssertValid(result);
    }

    [Theory]
    [InlineData("min-above-max", "exceeds maxAllowed cpu")]
    [InlineData("unknown-mode", "mode 'Sometimes'")]
    [InlineData("unknown-values", "controlledValues 'LimitsOnly'")]
    [InlineData("bad-quantity", "not a Kubernetes quantity")]
    [InlineData("unknown-resource", "controlledResources has 'gpu'")]
    public void Build_MalformedPolicy_ConditionSetContainerLeftOutOthersRecommended(string kind, string expected)
    {
        var bad = kind switch
        {
            "min-above-max" => new VpaContainerPolicy { ContainerName = "app", MinAllowed = new() { ["cpu"] = "2" }, MaxAllowed = new() { ["cpu"] = "1" } },
            "unknown-mode" => new VpaContainerPolicy { ContainerName = "app", Mode = "Sometimes" },
            "unknown-values" => new VpaContainerPolicy { ContainerName = "app", ControlledValues = "LimitsOnly" },
            "bad-quantity" => new VpaContainerPolicy { ContainerName = "app", MinAllowed = new() { ["memory"] = "lots" } },
            _ => new VpaContainerPolicy { ContainerName = "app", ControlledResources = ["cpu", "gpu"] },
        };
        var result = Build(Vpa(bad), Inputs());

        var unsupported = Condition(result, VpaConditionTypes.ConfigUnsupported);
        Assert.Equal("True", unsupported.Status);
        Assert.Contains(expected, unsupported.Message, StringComparison.Ordinal);
        Assert.Contains("'app'", unsupported.Message, StringComparison.Ordinal);
        Assert.Equal("sidecar", Assert.Single(result.Status.Recommendation!.ContainerRecommendations!).ContainerName);
        Assert.NotEmpty(result.Problems);
        AssertValid(result);
    }

    [Fact]
    public void Build_PolicyForUnknownContainer_ConditionNamesIt()
    {
        var result = Build(Vpa(new VpaContainerPolicy { ContainerName = "ap", Mode = "Off" }), Inputs());

        var unsupported = Condition(result, VpaConditionTypes.ConfigUnsupported);
        Assert.Equal("True", unsupported.Status);
        Assert.Contains("container 'ap' is not in the target's pods", unsupported.Message, StringComparison.Ordinal);
        Assert.Equal(2, result.Status.Recommendation!.ContainerRecommendations!.Count); // the typo turns nothing off
    }

    [Fact]
    public void Build_NoPodsButHistory_NoPodsMatchedAndStillRecommends()
    {
        var result = Build(Vpa(), Inputs(pods: 0));

        Assert.Equal("True", Condition(result, VpaConditionTypes.NoPodsMatched).Status);
        Assert.Contains("Deployment shop/web", Condition(result, VpaConditionTypes.NoPodsMatched).Message, StringComparison.Ordinal);
        Assert.Equal(2, result.Status.Recommendation!.ContainerRecommendations!.Count);
        AssertValid(result);
    }

    [Fact]
    public void Build_NoHistory_RecommendationProvidedFalseNoRecommendation()
    {
        var result = Build(Vpa(), Inputs(recommend: (_, _) => null));

        Assert.Null(result.Status.Recommendation);
        var provided = Condition(result, VpaConditionTypes.RecommendationProvided);
        Assert.Equal("False", provided.Status);
        Assert.Equal("NoHistory", provided.Reason);
        AssertValid(result);
    }

    [Fact]
    public void Build_SameStatusLater_TransitionTimesKept_ChangedStatusNewTime()
    {
        var first = Build(Vpa(), Inputs());
        var withStatus = Vpa() with { Status = first.Status };

        var again = VpaStatusBuilder.Build(withStatus, Inputs(), Options, Now.AddMinutes(5));
        Assert.Equal(Json(first.Status), Json(again.Status)); // byte-identical: nothing to write

        var noPods = VpaStatusBuilder.Build(withStatus, Inputs(pods: 0), Options, Now.AddMinutes(5));
        Assert.Equal(Conditions.Rfc3339(Now.AddMinutes(5)), Condition(noPods, VpaConditionTypes.NoPodsMatched).LastTransitionTime);
        Assert.Equal(Conditions.Rfc3339(Now), Condition(noPods, VpaConditionTypes.RecommendationProvided).LastTransitionTime);
    }

    [Fact]
    public void Build_ModelRejectsPolicy_ReportedNotThrown()
    {
        var result = Build(Vpa(), Inputs(recommend: (_, _) => throw new ArgumentException("invalid recommendation policy: x")));

        Assert.Equal("True", Condition(result, VpaConditionTypes.ConfigUnsupported).Status);
        Assert.Null(result.Status.Recommendation);
    }

    [Fact]
    public void Owns_RecommendersNamesUs_OnlyThen()
    {
        Assert.True(Options.Owns(Vpa()));
        Assert.False(Options.Owns(Vpa() with { Spec = Vpa().Spec! with { Recommenders = [new() { Name = "default" }] } }));
        Assert.False(Options.Owns(Vpa() with { Spec = Vpa().Spec! with { Recommenders = null } }));
        Assert.True((Options with { RecommenderName = "perf" }).Owns(Vpa() with { Spec = Vpa().Spec! with { Recommenders = [new() { Name = "perf" }] } }));
    }

    internal static VerticalPodAutoscaler Vpa(params VpaContainerPolicy[] policies) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "shop", Generation = 1 },
        Spec = new VpaSpec
        {
            TargetRef = new CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web" },
            Recommenders = [new VpaRecommenderSelector { Name = "kernel-truth" }],
            ResourcePolicy = policies.Length > 0 ? new VpaResourcePolicy { ContainerPolicies = [.. policies] } : null,
        },
    };

    private VpaInputs Inputs(int pods = 2, Dictionary<string, CurrentResources>? current = null, Func<string, RecommendationPolicy, Recommendation?>? recommend = null) => new(
        "Deployment shop/web",
        pods,
        ["app", "sidecar"],
        current ?? [],
        recommend ?? ((container, policy) => (container == "app" ? _app : _sidecar).Recommend(policy, Now)));

    private static VpaStatusResult Build(VerticalPodAutoscaler vpa, VpaInputs inputs) => VpaStatusBuilder.Build(vpa, inputs, Options, Now);

    private static VpaContainerRecommendation Container(VpaStatusResult result, string name) =>
        Assert.Single(result.Status.Recommendation!.ContainerRecommendations!, c => c.ContainerName == name);

    private static VpaCondition Condition(VpaStatusResult result, string type) => Assert.Single(result.Status.Conditions!, c => c.Type == type);

    private static string Json(VpaStatus status) => KubernetesJson.Serialize(status);

    private static void AssertValid(VpaStatusResult result)
    {
        var errors = Schemas.ValidateVpa(Vpa() with { Status = result.Status });
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
