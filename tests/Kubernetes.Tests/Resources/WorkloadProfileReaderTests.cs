using k8s;
using k8s.Models;
using KernelTruth.Kubernetes.Resources;

namespace KernelTruth.Kubernetes.Tests.Resources;

/// <summary>The one WorkloadProfile type read back from kubectl's output, as `ktruth report` and `simulate cost` read it.</summary>
public sealed class WorkloadProfileReaderTests
{
    private static WorkloadProfile Written(string name, double throttled) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "shop", Labels = new Dictionary<string, string> { ["ktruth.io/container"] = "app" } },
        Spec = new WorkloadProfileSpec { TargetRef = new CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web" }, ContainerName = "app" },
        Status = new WorkloadProfileStatus
        {
            Pods = 3,
            Measured = new ProfileMeasured
            {
                DemandCores = new ProfilePercentiles(0.2, 0.4, 0.5),
                ThrottledPeriodsRatio = throttled,
                ThrottleWaitSeconds = new ProfileWait(0.001, 0.02),
                ContentionWaitSeconds = new ProfileWait(0.0001, 0.002),
                OomKills = 1,
            },
            Recommendation = new ProfileRecommendation { CpuRequest = "450m", CpuLimit = "1100m", MemoryRequest = "300Mi", Confidence = 0.8, Evidence = ["why"] },
        },
    };

    [Fact]
    public void Read_KubectlListOfWhatTheClientWrites_SameProfilesInOrder()
    {
        // kubectl get ktp -A -o json: a v1 List whose items are the objects as the API client serialized them.
        string list = $$"""{"apiVersion":"v1","kind":"List","items":[{{KubernetesJson.Serialize(Written("a", 0.15))}},{{KubernetesJson.Serialize(Written("b", 0.3))}}]}""";

        var profiles = WorkloadProfileReader.Read(list);

        Assert.Equal(["a", "b"], profiles.Select(p => p.Metadata.Name));
        Assert.Equal([0.15, 0.3], profiles.Select(p => p.Status!.Measured!.ThrottledPeriodsRatio));
        Assert.Equal(KubernetesJson.Serialize(Written("a", 0.15).Status), KubernetesJson.Serialize(profiles[0].Status));
        Assert.Equal("item 1 (shop/b)", WorkloadProfileReader.Describe(1, profiles[1]));
    }

    [Theory]
    [InlineData("[]", 0)]
    [InlineData("""[{"kind":"WorkloadProfile","metadata":{"name":"a","namespace":"b"}}]""", 1)]
    [InlineData("""{"metadata":{"name":"a","namespace":"b"}}""", 1)]
    public void Read_ArrayOrSingleObject_Accepted(string json, int count)
    {
        Assert.Equal(count, WorkloadProfileReader.Read(json).Count);
    }

    [Theory]
    [InlineData("{\"items\": [", "not valid JSON")]
    [InlineData("42", "expected a List of WorkloadProfiles (kubectl get ktp -A -o json), an array or one profile, found a JSON number")]
    [InlineData("""{"items":{}}""", "items must be a list")]
    [InlineData("""[3]""", "item 0: must be an object")]
    [InlineData("""[{"kind":"Pod","metadata":{"name":"a","namespace":"b"}}]""", "item 0: kind must be WorkloadProfile (was Pod)")]
    [InlineData("""[{"apiVersion":"ktruth.io/v1","metadata":{"name":"a","namespace":"b"}}]""", "item 0: apiVersion must be ktruth.io/v1alpha1 (was ktruth.io/v1)")]
    [InlineData("""[{"metadata":{"name":"a"}}]""", "item 0: metadata.namespace is required")]
    [InlineData("""[{"metadata":{"namespace":"b"}}]""", "item 0: metadata.name is required")]
    [InlineData("""[{"metadata":{"name":"a","namespace":"b"},"status":{"measured":{"oomKills":"two"}}}]""", "item 0 (b/a): status.measured.oomKills must be a whole number")]
    [InlineData("""[{"metadata":{"name":"a","namespace":"b"},"status":{"recommendation":{"cpuRequest":1,"memoryRequest":"1Mi"}}}]""", "item 0 (b/a): status.recommendation.cpuRequest must be a string")]
    [InlineData("""[{"metadata":{"name":"a","namespace":"b"},"status":{"recommendation":{"cpuRequest":"1"}}}]""", "item 0 (b/a): status.recommendation.memoryRequest is required")]
    [InlineData("""[{"metadata":{"name":"a","namespace":"b"},"status":{"recommendation":{"cpuRequest":"1","memoryRequest":"1Mi","evidence":"x"}}}]""", "item 0 (b/a): status.recommendation.evidence must be a list")]
    public void Read_NotProfiles_ErrorNamesTheItemAndField(string json, string expected)
    {
        var e = Assert.Throws<FormatException>(() => WorkloadProfileReader.Read(json));

        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }
}
