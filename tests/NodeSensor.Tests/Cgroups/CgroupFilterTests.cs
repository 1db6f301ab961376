using KernelTruth.Contracts.Cgroups;
using KernelTruth.NodeSensor.Cgroups;

namespace KernelTruth.NodeSensor.Tests.Cgroups;

public sealed class CgroupFilterTests
{
    [Theory]
    [InlineData(CgroupKinds.PodContainer, true)]
    [InlineData(CgroupKinds.Pod, true)]
    [InlineData(CgroupKinds.Container, false)]
    [InlineData(CgroupKinds.SystemdUnit, false)]
    [InlineData(CgroupKinds.Cgroup, false)]
    public void Includes_KubernetesPodsScope_OnlyPodsAndTheirContainers(string kind, bool expected) =>
        Assert.Equal(expected, new CgroupFilter(CgroupScope.KubernetesPods).Includes(new CgroupIdentity(kind)));

    [Theory]
    [InlineData(CgroupKinds.PodContainer)]
    [InlineData(CgroupKinds.Container)]
    [InlineData(CgroupKinds.SystemdUnit)]
    [InlineData(CgroupKinds.Cgroup)]
    public void Includes_AllScope_EveryCgroup(string kind) =>
        Assert.True(new CgroupFilter(CgroupScope.All).Includes(new CgroupIdentity(kind)));
}
