using KernelTruth.Contracts.Cgroups;
using KernelTruth.MetricsAdapter.Store;
using KernelTruth.MetricsAdapter.Tests.Fakes;

namespace KernelTruth.MetricsAdapter.Tests.Store;

public class HostPodAttributorTests
{
    private const string Cid = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("pod-container", "6f1c2d3e-aaaa-bbbb-cccc-123456789abc", Cid, null, "/kubepods/x", "pod-6f1c2d3e-aaaa-bbbb-cccc-123456789abc-0123456789ab")]
    [InlineData("pod", "6f1c2d3e-aaaa-bbbb-cccc-123456789abc", null, null, "/kubepods/x", "pod-6f1c2d3e-aaaa-bbbb-cccc-123456789abc")]
    [InlineData("container", null, Cid, null, "/docker/x", "docker-0123456789ab")]
    [InlineData("systemd-unit", null, null, "ssh.service", "/system.slice/ssh.service", "ssh-service")]
    [InlineData("cgroup", null, null, null, "/user.slice/Build_2", "user-slice-build-2")]
    [InlineData("cgroup", null, null, null, "/", "root")]
    public void NameOf_Identity_Dns1123Label(string kind, string? uid, string? cid, string? unit, string path, string expected)
    {
        var identity = new CgroupIdentity(kind, uid, cid, kind == "container" ? "docker" : null, null, unit);
        Assert.Equal(expected, HostPodAttributor.NameOf(Snapshots.Cgroup(1, path, 0, 0, identity: identity)));
    }

    [Fact]
    public void NameOf_LongPaths_CutWithHash_StayDistinctAndValid()
    {
        string a = "/" + string.Join('/', Enumerable.Repeat("deeply-nested", 10)) + "/a";
        string b = "/" + string.Join('/', Enumerable.Repeat("deeply-nested", 10)) + "/b";
        string na = HostPodAttributor.NameOf(Snapshots.Cgroup(1, a, 0, 0));
        string nb = HostPodAttributor.NameOf(Snapshots.Cgroup(2, b, 0, 0));
        Assert.NotEqual(na, nb);
        foreach (string n in new[] { na, nb })
        {
            Assert.True(n.Length <= 63, n);
            Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", n);
        }
    }

    [Fact]
    public void Attribute_NamespaceHostAndKindLabel()
    {
        var who = new HostPodAttributor().Attribute("n", Snapshots.Cgroup(1, "/x", 0, 0, identity: new CgroupIdentity("pod", "u", Qos: "burstable")))!;
        Assert.Equal("host", who.Namespace);
        Assert.Equal("pod", who.Labels["ktruth.io/kind"]);
        Assert.Equal("burstable", who.Labels["ktruth.io/qos"]);
        Assert.Null(who.RequestCores);
    }
}
