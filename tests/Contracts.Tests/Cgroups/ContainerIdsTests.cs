using KernelTruth.Contracts.Cgroups;

namespace KernelTruth.Contracts.Tests.Cgroups;

public sealed class ContainerIdsTests
{
    [Theory]
    [InlineData("containerd://ABC", "abc")]
    [InlineData("cri-o://abc", "abc")]
    [InlineData("docker://abc", "abc")]
    [InlineData("abc", "abc")]
    [InlineData("", null)]
    [InlineData(null, null)]
    [InlineData("containerd://", null)]
    public void FromStatus_StatusId_BareLowercaseId(string? status, string? expected) =>
        Assert.Equal(expected, ContainerIds.FromStatus(status));
}
