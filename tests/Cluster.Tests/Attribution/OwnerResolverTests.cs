using k8s.Models;
using KernelTruth.Cluster.Attribution;

namespace KernelTruth.Cluster.Tests.Attribution;

public sealed class OwnerResolverTests
{
    private readonly Dictionary<(string Kind, string Ns, string Name), V1ObjectMeta> _owners = new()
    {
        [("ReplicaSet", "shop", "web-5d4f8")] = Pods.Owned("shop", "web-5d4f8", "Deployment", "apps/v1", "web"),
        [("Job", "batch", "report-2891")] = Pods.Owned("batch", "report-2891", "CronJob", "batch/v1", "report"),
        [("ReplicaSet", "shop", "orphan-rs")] = new V1ObjectMeta { Name = "orphan-rs", NamespaceProperty = "shop" },
    };

    [Theory]
    [InlineData("ReplicaSet", "apps/v1", "web-5d4f8", "Deployment", "web")]
    [InlineData("ReplicaSet", "apps/v1", "orphan-rs", "ReplicaSet", "orphan-rs")]
    [InlineData("StatefulSet", "apps/v1", "db", "StatefulSet", "db")]
    [InlineData("DaemonSet", "apps/v1", "agent", "DaemonSet", "agent")]
    [InlineData("Job", "batch/v1", "report-2891", "CronJob", "report")]
    [InlineData("Job", "batch/v1", "one-off", "Job", "one-off")]
    [InlineData("Rollout", "argoproj.io/v1alpha1", "canary", "Rollout", "canary")]
    public void Resolve_ControllerChain_OwningWorkload(string kind, string apiVersion, string name, string expectedKind, string expectedName)
    {
        string ns = kind == "Job" ? "batch" : "shop";
        var pod = Pods.Make(ns, "p", "uid", (kind, apiVersion, name));

        var workload = OwnerResolver.Resolve(pod, Lookup);

        Assert.Equal((ns, expectedKind, expectedName), (workload.Namespace, workload.Kind, workload.Name));
    }

    [Fact]
    public void Resolve_BarePod_ThePodItself()
    {
        var workload = OwnerResolver.Resolve(Pods.Make("shop", "debug", "uid", null), Lookup);
        Assert.Equal(new WorkloadRef("shop", "v1", "Pod", "debug"), workload);
    }

    [Fact]
    public void Resolve_ReplicaSetNotCachedYet_DeploymentFromTheTemplateHash()
    {
        var pod = Pods.Make("shop", "api-7c9f-x", "uid", ("ReplicaSet", "apps/v1", "api-7c9f"));
        pod.Metadata.Labels = new Dictionary<string, string> { [OwnerResolver.PodTemplateHashLabel] = "7c9f" };

        Assert.Equal(new WorkloadRef("shop", "apps/v1", "Deployment", "api"), OwnerResolver.Resolve(pod, Lookup));
    }

    [Fact]
    public void Resolve_NonControllerOwnerOnly_ThePodItself()
    {
        var pod = Pods.Make("shop", "p", "uid", ("ReplicaSet", "apps/v1", "web-5d4f8"));
        pod.Metadata.OwnerReferences[0].Controller = false;

        Assert.Equal("Pod", OwnerResolver.Resolve(pod, Lookup).Kind);
    }

    [Fact]
    public void Key_RoundTrips()
    {
        var w = new WorkloadRef("shop", "apps/v1", "Deployment", "web");
        Assert.True(WorkloadRef.TryParseKey(w.Key("app"), out var ns, out var kind, out var name, out var container));
        Assert.Equal(("shop", "Deployment", "web", "app"), (ns, kind, name, container));
        Assert.False(WorkloadRef.TryParseKey("/kubepods/burstable/pod1/abc", out _, out _, out _, out _));
    }

    private V1ObjectMeta? Lookup(string kind, string ns, string name) => _owners.GetValueOrDefault((kind, ns, name));
}
