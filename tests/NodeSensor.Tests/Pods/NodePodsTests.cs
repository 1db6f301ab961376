using KernelTruth.Contracts.Cgroups;
using KernelTruth.NodeSensor.Pods;
using KernelTruth.NodeSensor.Tests.Fakes;

namespace KernelTruth.NodeSensor.Tests.Pods;

/// <summary>Which names a cgroup gets from the node's pods: container, pod-level, sandbox, stale, deleted.</summary>
public sealed class NodePodsTests
{
    private const string Uid = "40469a73-bad4-4708-bd0b-0394f861f50a";
    private static readonly string App = new('a', 64), Sidecar = new('b', 64), Sandbox = new('c', 64);

    [Fact]
    public void Label_ContainerOfAKnownPod_NamespacePodAndContainer()
    {
        var pods = Known();

        Assert.Equal(new PodLabels("shop", "web-0", "app"), pods.Label(Container(App)));
        Assert.Equal(new PodLabels("shop", "web-0", "sidecar"), pods.Label(Container(Sidecar)));
    }

    [Fact]
    public void Label_PodCgroupAndSandbox_PodWithoutContainer()
    {
        var pods = Known();

        Assert.Equal(new PodLabels("shop", "web-0", ""), pods.Label(new CgroupIdentity(CgroupKinds.Pod, Uid)));
        Assert.Equal(new PodLabels("shop", "web-0", ""), pods.Label(Container(Sandbox))); // no status names the pause container
    }

    [Fact]
    public void Label_ContainerIdUnderAnotherPodsUid_NotNamedAfterTheContainer()
    {
        var pods = Known();

        Assert.Null(pods.Label(new CgroupIdentity(CgroupKinds.PodContainer, "11111111-2222-3333-4444-555555555555", App)));
        Assert.Null(pods.Label(new CgroupIdentity(CgroupKinds.SystemdUnit, Unit: "kubelet.service")));
    }

    [Fact]
    public void Upsert_ContainerRestarted_OldIdForgottenNewOneNamed()
    {
        var pods = Known();

        pods.Upsert(FixturePods.Pod("shop", "web-0", Uid, "node-a", ("app", new string('d', 64)), ("sidecar", Sidecar)));

        Assert.Equal(new PodLabels("shop", "web-0", ""), pods.Label(Container(App)));
        Assert.Equal("app", pods.Label(Container(new string('d', 64)))!.Container);
    }

    [Fact]
    public void Delete_KeptForTwoMinutesThenDroppedAtTheNextChange()
    {
        var clock = new ManualTimeProvider();
        var pods = Known(clock);

        pods.Delete(FixturePods.Pod("shop", "web-0", Uid, "node-a"));
        clock.Advance(NodePods.KeepDeleted - TimeSpan.FromSeconds(1));
        pods.Upsert(FixturePods.Pod("other", "x", "22222222-2222-2222-2222-222222222222", "node-a"));
        Assert.Equal("app", pods.Label(Container(App))!.Container);

        clock.Advance(TimeSpan.FromSeconds(2));
        pods.Upsert(FixturePods.Pod("other", "x", "22222222-2222-2222-2222-222222222222", "node-a"));
        Assert.Null(pods.Label(Container(App)));
        Assert.Equal(1, pods.Count);
    }

    private static NodePods Known(TimeProvider? time = null)
    {
        var pods = new NodePods(time ?? new ManualTimeProvider());
        pods.Upsert(FixturePods.Pod("shop", "web-0", Uid, "node-a", ("app", App), ("sidecar", Sidecar)));
        return pods;
    }

    private static CgroupIdentity Container(string id) => new(CgroupKinds.PodContainer, Uid, id, "containerd", "burstable");
}
