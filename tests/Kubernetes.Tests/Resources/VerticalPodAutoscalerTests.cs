using k8s;
using KernelTruth.Kubernetes.Resources;

namespace KernelTruth.Kubernetes.Tests.Resources;

/// <summary>Our VPA model as KubernetesClient's serializer reads what kubectl and the VPA CRD allow.</summary>
public sealed class VerticalPodAutoscalerTests
{
    [Fact]
    public void Deserialize_IntOrStringQuantities_KeptAsWritten()
    {
        // x-kubernetes-int-or-string: "cpu: 1" arrives as a JSON number, "memory: 64Mi" as a string.
        const string Json = """
            {"apiVersion":"autoscaling.k8s.io/v1","kind":"VerticalPodAutoscaler","metadata":{"name":"web","namespace":"shop"},
             "spec":{"targetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"recommenders":[{"name":"kernel-truth"}],
                     "resourcePolicy":{"containerPolicies":[{"containerName":"*","minAllowed":{"cpu":1,"memory":"64Mi"},"maxAllowed":{"cpu":2.5}}]}}}
            """;

        var vpa = KubernetesJson.Deserialize<VerticalPodAutoscaler>(Json);

        var policy = Assert.Single(vpa.Spec!.ResourcePolicy!.ContainerPolicies!);
        Assert.Equal(new Dictionary<string, string> { ["cpu"] = "1", ["memory"] = "64Mi" }, policy.MinAllowed);
        Assert.Equal("2.5", policy.MaxAllowed!["cpu"]);
        Assert.Equal(("shop", "web"), (vpa.Metadata.NamespaceProperty, vpa.Metadata.Name));
        Assert.Contains("\"minAllowed\":{\"cpu\":\"1\",\"memory\":\"64Mi\"}", KubernetesJson.Serialize(vpa), StringComparison.Ordinal);
    }
}
