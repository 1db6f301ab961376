using KernelTruth.NodeSensor.Bpf.Programs;

namespace KernelTruth.NodeSensor.Tests.Bpf.Programs;

public sealed class KernelReleaseTests
{
    [Theory]
    [InlineData("6.18.44-fc-v657", true)]
    [InlineData("6.18", true)]
    [InlineData("6.19.0", true)]
    [InlineData("7.0.1", true)]
    [InlineData("6.17.9-generic", false)]
    [InlineData("5.15.0-91-generic", false)]
    [InlineData("garbage", false)]
    [InlineData("", false)]
    public void AtLeast_6_18_ComparesMajorThenMinor(string release, bool expected) =>
        Assert.Equal(expected, KernelRelease.AtLeast(release, 6, 18));
}
