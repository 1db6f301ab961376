using k8s.Models;
using KernelTruth.Cluster.Attribution;
using KernelTruth.Cluster.Tests.Attribution;
using KernelTruth.Contracts.Cgroups;
using KernelTruth.Service.Adapter;
using AdapterWorkload = KernelTruth.MetricsAdapter.Store.WorkloadRef;
using static KernelTruth.Recommender.Tests.Input.SnapshotFactory;

namespace KernelTruth.Cluster.Tests.Controllers;

/// <summary>The adapter's attribution from the recommender's pod index.</summary>
public sealed class ClusterPodAttributorTests
{
    private const string Uid = "40469a73-bad4-4708-bd0b-0394f861f50a";

    private static readonly V1ObjectMeta ReplicaSet = Pods.Owned("shop", "web-5d4f8", "Deployment", "apps/v1", "web");

    private static ClusterPodAttributor Attributor()
    {
        var pod = Pods.Make("shop", "web-a", Uid, ("ReplicaSet", "apps/v1", "web-5d4f8"), ("app", Pods.Id('a')), ("sidecar", Pods.Id('c')));
        pod.Metadata.Labels = new Dictionary<string, string> { ["app"] = "web" };
        pod.Spec.Containers = [pod.Spec.Containers[0], new V1Container { Name = "sidecar" }];
        var index = PodIndex.Build([pod], (kind, ns, name) => kind == "ReplicaSet" && name == "web-5d4f8" ? ReplicaSet : null);
        return new ClusterPodAttributor(() => index);
    }

    private static KernelTruth.Contracts.Snapshot.CgroupSnapshot Cgroup(string kind, string? containerId) =>
        Steady(1, 7, "/kubepods/pod" + Uid + "/" + containerId) with { Identity = new CgroupIdentity(kind, Uid, containerId, "containerd", "burstable") };

    [Fact]
    public void ContainerCgroup_PodLabelsOwnersAndCpuRequest()
    {
        var who = Attributor().Attribute("node-a", Cgroup("pod-container", Pods.Id('a')));

        Assert.NotNull(who);
        Assert.Equal(("shop", "web-a", "app"), (who.Namespace, who.Pod, who.Container));
        Assert.Equal("web", who.Labels["app"]);
        Assert.Equal([new AdapterWorkload("ReplicaSet", "web-5d4f8"), new AdapterWorkload("Deployment", "web")], who.Owners);
        Assert.Equal(0.1, who.RequestCores!.Value, 9);
    }

    [Fact]
    public void ContainerWithoutRequest_NullRequest_SoUtilizationIsNotOffered()
    {
        var who = Attributor().Attribute("node-a", Cgroup("pod-container", Pods.Id('c')));

        Assert.NotNull(who);
        Assert.Equal("sidecar", who.Container);
        Assert.Null(who.RequestCores);
    }

    [Fact]
    public void PodLevelAndUnknownCgroups_Null_SoNothingCountsTwice()
    {
        var attributor = Attributor();

        Assert.Null(attributor.Attribute("node-a", Cgroup("pod", null)));
        Assert.Null(attributor.Attribute("node-a", Cgroup("pod-container", Pods.Id('f'))));
        Assert.Null(attributor.Attribute("node-a", Cgroup("systemd-unit", null)));
    }
}
