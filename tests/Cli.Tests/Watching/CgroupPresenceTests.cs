using KernelTruth.Cli.Tests.Fakes;
using KernelTruth.Cli.Watching;
using KernelTruth.NodeSensor.Cgroups;

namespace KernelTruth.Cli.Tests.Watching;

/// <summary>On one host a cgroup is gone for good when its directory is; a key that is no path is never called gone.</summary>
public sealed class CgroupPresenceTests : IDisposable
{
    private readonly string _mount = Directory.CreateTempSubdirectory("ktruth-presence-").FullName;

    [Fact]
    public void IsGone_DirectoryThenRemoved_FalseThenTrue()
    {
        Directory.CreateDirectory(Path.Join(_mount, "kubepods", "pod1", "c1"));
        var presence = new CgroupPresence(path => Path.Join(_mount, path.TrimStart('/')));

        Assert.False(presence.IsGone("/kubepods/pod1/c1"));
        Directory.Delete(Path.Join(_mount, "kubepods", "pod1", "c1"));
        Assert.True(presence.IsGone("/kubepods/pod1/c1"));
        Assert.False(presence.IsGone("/kubepods/pod1")); // its parent is still there
    }

    [Fact]
    public void IsGone_CgroupNamedWithInvalidUtf8_FalseUnderItsEscapedName()
    {
        // Directory.Exists would look for "f\uFFFDo" and call the cgroup gone, dropping its model after the grace.
        NonUtf8Directory.Create(_mount);
        var presence = new CgroupPresence(path => Path.Join(_mount, path.TrimStart('/')));
        try
        {
            Assert.False(presence.IsGone("/" + NonUtf8Directory.EscapedName));
        }
        finally
        {
            CgroupFileSystem.RemoveDirectory(Path.Join(_mount, NonUtf8Directory.EscapedName));
        }

        Assert.True(presence.IsGone("/" + NonUtf8Directory.EscapedName));
    }

    [Fact]
    public void IsGone_KeyThatIsNoPath_False()
    {
        var presence = new CgroupPresence(_ => throw new ArgumentException("not a path"));

        Assert.False(presence.IsGone("shop/Deployment/web/app"));
    }

    public void Dispose() => Directory.Delete(_mount, recursive: true);
}
