using System.Text.Json.Nodes;

namespace KernelTruth.Cluster.Tests.Schema;

/// <summary>The validator itself: it must accept what the CRD allows and reject what it does not, or the other tests prove nothing.</summary>
public sealed class StructuralSchemaTests
{
    private const string ValidVpa = """
        {"apiVersion":"autoscaling.k8s.io/v1","kind":"VerticalPodAutoscaler","metadata":{"name":"web","namespace":"shop"},
         "spec":{"targetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"recommenders":[{"name":"kernel-truth"}],
                 "resourcePolicy":{"containerPolicies":[{"containerName":"*","mode":"Auto","minAllowed":{"cpu":1,"memory":"64Mi"},"controlledValues":"RequestsOnly"}]}},
         "status":{"recommendation":{"containerRecommendations":[{"containerName":"app","target":{"cpu":"450m","memory":"300Mi"},"upperBound":{"cpu":"1"}}]},
                   "conditions":[{"type":"RecommendationProvided","status":"True","lastTransitionTime":"2026-11-21T16:00:00Z"}]}}
        """;

    [Fact]
    public void Validate_ValidVpa_NoErrors()
    {
        Assert.Empty(Schemas.Vpa.Validate(JsonNode.Parse(ValidVpa)));
    }

    [Theory]
    [InlineData("status.recommendation.containerRecommendations[0]", "target", null, "required field 'target'")]
    [InlineData("status.recommendation.containerRecommendations[0].target", "cpu", "\"lots\"", "does not match")]
    [InlineData("status.recommendation.containerRecommendations[0].target", "cpu", "1.5", "must be an integer or a string")]
    [InlineData("status.recommendation.containerRecommendations[0].target", "cpu", "true", "must be an integer or a string")]
    [InlineData("status.conditions[0]", "status", null, "required field 'status'")]
    [InlineData("status.conditions[0]", "lastTransitionTime", "\"yesterday\"", "date-time")]
    [InlineData("status", "recommendaton", "{}", "not declared")]
    [InlineData("spec.resourcePolicy.containerPolicies[0]", "mode", "\"Sometimes\"", "is not one of")]
    [InlineData("spec.resourcePolicy.containerPolicies[0]", "controlledValues", "\"LimitsOnly\"", "is not one of")]
    [InlineData("spec", "targetRef", null, "required field 'targetRef'")]
    [InlineData("status.recommendation", "containerRecommendations", "{}", "must be an array")]
    public void Validate_MalformedVpa_Rejected(string parentPath, string field, string? json, string expectedError)
    {
        var vpa = JsonNode.Parse(ValidVpa)!;
        var parent = Navigate(vpa, parentPath).AsObject();
        parent.Remove(field);
        if (json is not null)
        {
            parent[field] = JsonNode.Parse(json);
        }

        var errors = Schemas.Vpa.Validate(vpa);
        Assert.Contains(errors, e => e.Contains(expectedError, StringComparison.Ordinal));
    }

    [Fact]
    public void FromCrdFile_OurCrd_HasTheAgreedStatusFields()
    {
        var errors = Schemas.WorkloadProfile.Validate(JsonNode.Parse("""
            {"apiVersion":"ktruth.io/v1alpha1","kind":"WorkloadProfile","metadata":{"name":"deployment-web-app","namespace":"shop"},
             "spec":{"targetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"containerName":"app"},
             "status":{"lastUpdated":"2026-11-21T16:00:00Z","windowSeconds":86400,"pods":3,
               "measured":{"usageAverageCores":0.41,"demandCores":{"p50":0.38,"p95":0.72,"p99":0.95},"throttledPeriodsRatio":0.12,
                           "throttleWaitSeconds":{"p50":0.0,"p99":0.045},"contentionWaitSeconds":{"p50":0.0001,"p99":0.003},"oomKills":0,"memoryPeakBytes":268435456},
               "current":{"cpuRequest":"500m","cpuLimit":"600m","memoryRequest":"256Mi","memoryLimit":"512Mi"},
               "recommendation":{"cpuRequest":"450m","cpuLimit":"1100m","memoryRequest":"300Mi","memoryLimit":"600Mi","confidence":0.8,"evidence":["x"]},
               "baseline":{"cpuRequest":"380m","memoryRequest":"280Mi"},
               "predicted":{"cpuLimit":"1100m","throttledPeriodsRatio":0.004,"throttleWaitP99Seconds":0.006,"extrapolated":false},
               "conditions":[{"type":"RecommendationProvided","status":"True","reason":"r","message":"m","lastTransitionTime":"2026-11-21T16:00:00Z"}]}}
            """));
        Assert.Empty(errors); // the example from the agreed shape, verbatim
    }

    [Theory]
    [InlineData("""{"throttledPeriodsRatio":1.5}""", "above the maximum")]
    [InlineData("""{"oomKills":-1}""", "below the minimum")]
    [InlineData("""{"memoryPeakBytes":1.5}""", "must be an integer")]
    public void Validate_ProfileOutOfRange_Rejected(string measured, string expectedError)
    {
        var profile = JsonNode.Parse("""{"spec":{"targetRef":{"kind":"Deployment","name":"web"},"containerName":"app"},"status":{}}""")!;
        profile["status"]!["measured"] = JsonNode.Parse(measured);
        Assert.Contains(Schemas.WorkloadProfile.Validate(profile), e => e.Contains(expectedError, StringComparison.Ordinal));
    }

    private static JsonNode Navigate(JsonNode node, string path)
    {
        foreach (var part in path.Split('.'))
        {
            int bracket = part.IndexOf('[', StringComparison.Ordinal);
            node = bracket < 0 ? node[part]! : node[part[..bracket]]![int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)]!;
        }

        return node;
    }
}
