using KernelTruth.Contracts.Cgroups;

namespace KernelTruth.Contracts.Tests.Cgroups;

/// <summary>One row per path layout the container runtimes produce, then the negative cases.</summary>
public sealed class CgroupIdentityParserTests
{
    private const string Id = "e4d8a1987ca72758797f449f7db8636b608a956feb0210d6515d48ccaab54fdf";
    private const string Uid = "679d3836-d2a6-43d3-a3c4-bcd45922a9c7";
    private const string UidUnderscored = "679d3836_d2a6_43d3_a3c4_bcd45922a9c7";
    private const string StaticPodUid = "3cce580b0029adb2b55498d7209f40d4";
    private const string Id63 = "e4d8a1987ca72758797f449f7db8636b608a956feb0210d6515d48ccaab54fd";

    [Theory]
    // systemd driver + containerd, burstable / besteffort / guaranteed
    [InlineData("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + UidUnderscored + ".slice/cri-containerd-" + Id + ".scope",
        CgroupKinds.PodContainer, Uid, Id, "containerd", "burstable", null)]
    [InlineData("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + UidUnderscored + ".slice/cri-containerd-" + Id + ".scope",
        CgroupKinds.PodContainer, Uid, Id, "containerd", "besteffort", null)]
    [InlineData("/kubepods.slice/kubepods-pod" + UidUnderscored + ".slice/cri-containerd-" + Id + ".scope",
        CgroupKinds.PodContainer, Uid, Id, "containerd", "guaranteed", null)]
    // systemd driver + CRI-O, and its conmon sibling, which is not a container
    [InlineData("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + UidUnderscored + ".slice/crio-" + Id + ".scope",
        CgroupKinds.PodContainer, Uid, Id, "cri-o", "burstable", null)]
    [InlineData("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + UidUnderscored + ".slice/crio-conmon-" + Id + ".scope",
        CgroupKinds.SystemdUnit, null, null, null, null, "crio-conmon-" + Id + ".scope")]
    // systemd driver + docker (cri-dockerd)
    [InlineData("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + UidUnderscored + ".slice/docker-" + Id + ".scope",
        CgroupKinds.PodContainer, Uid, Id, "docker", "besteffort", null)]
    // cgroupfs driver + containerd: the bare id does not say which runtime wrote it
    [InlineData("/kubepods/burstable/pod" + Uid + "/" + Id, CgroupKinds.PodContainer, Uid, Id, null, "burstable", null)]
    [InlineData("/kubepods/besteffort/pod" + Uid + "/" + Id, CgroupKinds.PodContainer, Uid, Id, null, "besteffort", null)]
    [InlineData("/kubepods/pod" + Uid + "/" + Id, CgroupKinds.PodContainer, Uid, Id, null, "guaranteed", null)]
    // cgroupfs driver + CRI-O, and its conmon sibling
    [InlineData("/kubepods/burstable/pod" + Uid + "/crio-" + Id, CgroupKinds.PodContainer, Uid, Id, "cri-o", "burstable", null)]
    [InlineData("/kubepods/burstable/pod" + Uid + "/crio-conmon-" + Id, CgroupKinds.Cgroup, null, null, null, null, null)]
    // containerd with SystemdCgroup=false on a systemd host: runc's unexpanded "slice:prefix:id"
    [InlineData("/system.slice/containerd.service/kubepods-besteffort-pod" + UidUnderscored + ".slice:cri-containerd:" + Id,
        CgroupKinds.PodContainer, Uid, Id, "containerd", "besteffort", null)]
    [InlineData("/system.slice/containerd.service/kubepods-pod" + UidUnderscored + ".slice:cri-containerd:" + Id,
        CgroupKinds.PodContainer, Uid, Id, "containerd", "guaranteed", null)]
    // pod-level cgroups
    [InlineData("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + UidUnderscored + ".slice",
        CgroupKinds.Pod, Uid, null, null, "burstable", null)]
    [InlineData("/kubepods.slice/kubepods-pod" + UidUnderscored + ".slice", CgroupKinds.Pod, Uid, null, null, "guaranteed", null)]
    [InlineData("/kubepods/burstable/pod" + Uid, CgroupKinds.Pod, Uid, null, null, "burstable", null)]
    [InlineData("/kubepods/pod" + Uid, CgroupKinds.Pod, Uid, null, null, "guaranteed", null)]
    // static pods: kubelet gives them a 32-hex md5 UID, no dashes
    [InlineData("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + StaticPodUid + ".slice/cri-containerd-" + Id + ".scope",
        CgroupKinds.PodContainer, StaticPodUid, Id, "containerd", "burstable", null)]
    // kubelet --cgroup-root=/kubelet (kind) prefixes every slice name
    [InlineData("/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice/kubelet-kubepods-besteffort-pod" + UidUnderscored + ".slice/cri-containerd-" + Id + ".scope",
        CgroupKinds.PodContainer, Uid, Id, "containerd", "besteffort", null)]
    // plain docker outside Kubernetes, cgroupfs and systemd drivers
    [InlineData("/docker/" + Id, CgroupKinds.Container, null, Id, "docker", null, null)]
    [InlineData("/system.slice/docker-" + Id + ".scope", CgroupKinds.Container, null, Id, "docker", null, null)]
    // systemd units and everything else
    [InlineData("/system.slice/containerd.service", CgroupKinds.SystemdUnit, null, null, null, null, "containerd.service")]
    [InlineData("/user.slice/user-1000.slice/session-3.scope", CgroupKinds.SystemdUnit, null, null, null, null, "session-3.scope")]
    [InlineData("/kubepods.slice", CgroupKinds.SystemdUnit, null, null, null, null, "kubepods.slice")]
    [InlineData("/kubepods.slice/kubepods-burstable.slice", CgroupKinds.SystemdUnit, null, null, null, null, "kubepods-burstable.slice")]
    [InlineData("/", CgroupKinds.Cgroup, null, null, null, null, null)]
    [InlineData("/kubepods", CgroupKinds.Cgroup, null, null, null, null, null)]
    [InlineData("/kubepods/burstable", CgroupKinds.Cgroup, null, null, null, null, null)]
    [InlineData("/ktruth-test-1234", CgroupKinds.Cgroup, null, null, null, null, null)]
    public void Parse_KnownLayout_ReturnsIdentity(
        string path, string kind, string? podUid, string? containerId, string? runtime, string? qos, string? unit) =>
        Assert.Equal(new CgroupIdentity(kind, podUid, containerId, runtime, qos, unit), CgroupIdentityParser.Parse(path));

    [Theory]
    // a 63- or 65-hex leaf is not a container id
    [InlineData("/kubepods/burstable/pod" + Uid + "/" + Id63)]
    [InlineData("/kubepods/burstable/pod" + Uid + "/" + Id + "0")]
    [InlineData("/docker/" + Id63)]
    // upper-case hex is not what runtimes write
    [InlineData("/docker/E4D8A1987CA72758797F449F7DB8636B608A956FEB0210D6515D48CCAAB54FDF")]
    // a runtime prefix without its .scope under systemd, or with an unknown prefix
    [InlineData("/kubepods.slice/kubepods-pod" + UidUnderscored + ".slice/cri-containerd-" + Id)]
    [InlineData("/kubepods.slice/kubepods-pod" + UidUnderscored + ".slice/podman-" + Id + ".scope")]
    public void Parse_AlmostAContainerId_IsNotAContainer(string path) =>
        Assert.NotEqual(CgroupKinds.PodContainer, CgroupIdentityParser.Parse(path).Kind);

    [Theory]
    // "pod<uid>" means a pod only under kubepods
    [InlineData("/machine/pod" + Uid, CgroupKinds.Cgroup)]
    // a malformed UID (one group short) is not a pod
    [InlineData("/kubepods/burstable/pod679d3836-d2a6-43d3-a3c4", CgroupKinds.Cgroup)]
    [InlineData("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod679d3836_d2a6_43d3.slice", CgroupKinds.SystemdUnit)]
    // a cgroup nested inside a container is not the container
    [InlineData("/kubepods/burstable/pod" + Uid + "/" + Id + "/init", CgroupKinds.Cgroup)]
    public void Parse_NotAPod_ReturnsGenericKind(string path, string expectedKind) =>
        Assert.Equal(expectedKind, CgroupIdentityParser.Parse(path).Kind);

    [Fact]
    public void Parse_ContainerUnderUnknownParent_IsAContainerWithoutRuntime()
    {
        // containerd outside Kubernetes (nerdctl, cgroupfs) uses /<namespace>/<id>.
        var identity = CgroupIdentityParser.Parse("/default/" + Id);

        Assert.Equal(new CgroupIdentity(CgroupKinds.Container, ContainerId: Id), identity);
    }
}
