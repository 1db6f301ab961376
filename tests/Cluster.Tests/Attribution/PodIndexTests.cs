using k8s.Models;
using KernelTruth.Contracts.Cgroups;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.Cluster.Attribution;
using static KernelTruth.Recommender.Tests.Input.SnapshotFactory;

namespace KernelTruth.Cluster.Tests.Attribution;

public sealed class PodIndexTests
{
    private const string PodUid = "40469a73-bad4-4708-bd0b-0394f861f50a";

    private readonly PodIndex _index = PodIndex.Build(
        [
            Pods.Make("shop", "web-5d4f8-aaaa", PodUid, ("ReplicaSet", "apps/v1", "web-5d4f8"), ("app", Pods.Id('a')), ("proxy", Pods.Id('b'))),
            Pods.Make("shop", "web-5d4f8-bbbb", "11111111-2222-3333-4444-555555555555", ("ReplicaSet", "apps/v1", "web-5d4f8"), ("app", Pods.Id('c'))),
            Pods.Make("kube-system", "etcd", "99999999-2222-3333-4444-555555555555", null, ("etcd", Pods.Id('d'))) with { },
        ],
        (kind, ns, name) => kind == "ReplicaSet" && name == "web-5d4f8" ? Pods.Owned(ns, name, "Deployment", "apps/v1", "web") : null);

    [Fact]
    public void Attribute_PodContainerCgroup_NamespacePodContainerWorkload()
    {
        var a = _index.Attribute(new CgroupIdentity("pod-container", PodUid, Pods.Id('b'), "containerd", "burstable"));

        Assert.NotNull(a);
        Assert.Equal(("shop", "web-5d4f8-aaaa", "proxy", "node-a"), (a.Namespace, a.Pod, a.Container, a.Node));
        Assert.Equal(new WorkloadRef("shop", "apps/v1", "Deployment", "web"), a.Workload);
        Assert.Equal("shop/Deployment/web/proxy", a.Key);
    }

    [Fact]
    public void Attribute_TwoReplicas_SameWorkloadKey()
    {
        var first = _index.Attribute(new CgroupIdentity("pod-container", PodUid, Pods.Id('a')));
        var second = _index.Attribute(new CgroupIdentity("pod-container", "11111111-2222-3333-4444-555555555555", Pods.Id('c')));
        Assert.Equal(first!.Key, second!.Key);
        Assert.NotEqual(first.Pod, second.Pod);
    }

    [Theory]
    [InlineData("pod", PodUid, null)] // the pod-level cgroup is not a container
    [InlineData("pod-container", PodUid, "eeee")] // a sandbox or a container no pod lists
    [InlineData("pod-container", "00000000-0000-0000-0000-000000000000", "aaaa")] // the id under another pod: not trusted
    [InlineData("systemd-unit", null, null)]
    public void Attribute_NotAKnownContainer_Null(string kind, string? podUid, string? idChar)
    {
        string? id = idChar is null ? null : Pods.Id(idChar[0]);
        Assert.Null(_index.Attribute(new CgroupIdentity(kind, podUid, id)));
    }

    [Fact]
    public void Attribute_ContainerKindWithoutPodUid_MatchedByIdAlone()
    {
        Assert.Equal("etcd", _index.Attribute(new CgroupIdentity("container", null, Pods.Id('d')))!.Container);
    }

    [Fact]
    public void KeyOf_AskedForEveryReading_OneStringForTheContainer()
    {
        var app = AppCgroup();

        Assert.Equal("shop/Deployment/web/app", _index.KeyOf(app));
        Assert.Same(_index.KeyOf(app), _index.KeyOf(app)); // not a new string per reading
    }

    [Fact]
    public void Build_SameContainerSameWorkloadNextLoop_KeyCarriedOver()
    {
        var next = PodIndex.Build([AppPod("app")], OwnedBy("web"), previous: _index);

        Assert.Same(_index.KeyOf(AppCgroup()), next.KeyOf(AppCgroup()));
    }

    [Fact]
    public void Build_ReplicaSetNowOwnedByAnotherDeployment_KeyOfTheNewWorkload()
    {
        var next = PodIndex.Build([AppPod("app")], OwnedBy("api"), previous: _index);

        Assert.Equal("shop/Deployment/api/app", next.KeyOf(AppCgroup()));
    }

    [Fact]
    public void Build_ReplicaSetOrphaned_KeyOfTheReplicaSet()
    {
        var next = PodIndex.Build([AppPod("app")], (_, _, _) => null, previous: _index);

        Assert.Equal("shop/ReplicaSet/web-5d4f8/app", next.KeyOf(AppCgroup()));
    }

    [Fact]
    public void Build_SameContainerIdUnderAnotherName_KeyOfThatName()
    {
        var next = PodIndex.Build([AppPod("worker")], OwnedBy("web"), previous: _index);

        Assert.Equal("shop/Deployment/web/worker", next.KeyOf(AppCgroup()));
    }

    [Fact]
    public void Build_KeyCarriedOverThenWorkloadChangesBack_EachLoopItsOwnWorkload()
    {
        var moved = PodIndex.Build([AppPod("app")], OwnedBy("api"), previous: _index);
        var back = PodIndex.Build([AppPod("app")], OwnedBy("web"), previous: moved);

        Assert.Equal("shop/Deployment/api/app", moved.KeyOf(AppCgroup()));
        Assert.Equal("shop/Deployment/web/app", back.KeyOf(AppCgroup()));
    }

    [Fact]
    public void PodsOf_Workload_LivePodsOnly()
    {
        var web = new WorkloadRef("shop", "apps/v1", "Deployment", "web");
        Assert.Equal(["web-5d4f8-aaaa", "web-5d4f8-bbbb"], _index.PodsOf(web).Select(p => p.Metadata.Name));
        Assert.Equal(web, _index.Find("shop", "Deployment", "web"));
        Assert.Null(_index.Find("shop", "Deployment", "gone"));
    }

    /// <summary>The first pod's container with id 'a' as its sensor reports it.</summary>
    private static CgroupSnapshot AppCgroup() =>
        Steady(1, 42, "/kubepods/burstable/poda/a") with { Identity = new CgroupIdentity("pod-container", PodUid, Pods.Id('a')) };

    /// <summary>The first pod again, its container with id 'a' named <paramref name="container"/>.</summary>
    private static V1Pod AppPod(string container) => Pods.Make("shop", "web-5d4f8-aaaa", PodUid, ("ReplicaSet", "apps/v1", "web-5d4f8"), (container, Pods.Id('a')));

    /// <summary>Owner lookup: ReplicaSet web-5d4f8 owned by Deployment <paramref name="deployment"/>.</summary>
    private static Func<string, string, string, V1ObjectMeta?> OwnedBy(string deployment) =>
        (kind, ns, name) => kind == "ReplicaSet" && name == "web-5d4f8" ? Pods.Owned(ns, name, "Deployment", "apps/v1", deployment) : null;
}
