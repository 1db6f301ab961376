using System.Diagnostics;
using System.Globalization;
using KernelTruth.NodeSensor.Cgroups;
using KernelTruth.NodeSensor.Tests.Fakes;

namespace KernelTruth.NodeSensor.Tests.Cgroups;

/// <summary>
/// The index over ordinary directories: the walk, caching and rate limiting do not depend on cgroupfs
/// (the real hierarchy is covered by RealCgroupTests).
/// </summary>
public sealed class CgroupIndexTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private readonly TempTree _tree = new();
    private readonly ManualTimeProvider _clock = new();
    private readonly CgroupIndex _index;

    public CgroupIndexTests()
    {
        _tree.Create("/kubepods/burstable/podA/ctr1");
        _tree.Create("/system.slice/cron.service");
        _index = new CgroupIndex(new CpuHierarchy(1, _tree.Root, null, null), _clock, Interval);
    }

    public void Dispose() => _tree.Dispose();

    [Theory]
    [InlineData("/")]
    [InlineData("/kubepods")]
    [InlineData("/kubepods/burstable/podA/ctr1")]
    [InlineData("/system.slice/cron.service")]
    public void TryGetPath_DirectoryInTree_ReturnsPathRelativeToMount(string relativePath)
    {
        var id = InodeOf(relativePath);

        Assert.True(_index.TryGetPath(id, out var path));
        Assert.Equal(relativePath, path);
    }

    [Fact]
    public void TryGetPath_SecondKnownId_ServedFromCacheWithoutWalking()
    {
        _index.TryGetPath(InodeOf("/kubepods"), out _);

        Assert.True(_index.TryGetPath(InodeOf("/system.slice"), out _));
        Assert.Equal(1, _index.WalkCount);
        Assert.Equal(7, _index.Count); // root, kubepods, burstable, podA, ctr1, system.slice, cron.service
    }

    [Fact]
    public void TryGetPath_FloodOfUnknownIdsWithinInterval_WalksOnce()
    {
        for (var id = 1UL; id <= 1000; id++)
        {
            _index.TryGetPath(ulong.MaxValue - id, out _);
        }

        Assert.Equal(1, _index.WalkCount);
    }

    [Fact]
    public void TryGetPath_CgroupCreatedAfterWalk_ResolvesOnceIntervalHasPassed()
    {
        _index.Refresh();
        var id = InodeOf(_tree.Create("/kubepods/burstable/podA/ctr2")[_tree.Root.Length..]);

        var foundEarly = _index.TryGetPath(id, out _);
        _clock.Advance(Interval);
        var foundLater = _index.TryGetPath(id, out var path);

        Assert.False(foundEarly);
        Assert.True(foundLater);
        Assert.Equal("/kubepods/burstable/podA/ctr2", path);
        Assert.Equal(2, _index.WalkCount);
    }

    [Fact]
    public void TryGetPath_CgroupRemoved_DisappearsAfterNextWalk()
    {
        var id = InodeOf("/system.slice/cron.service");
        _index.Refresh();
        Directory.Delete(Path.Join(_tree.Root, "system.slice/cron.service"));

        _index.Refresh();

        Assert.False(_index.TryGetPath(id, out _));
    }

    [Fact]
    public void Refresh_SymlinkToDirectory_IsNotFollowed()
    {
        using var outside = new TempTree();
        var target = outside.Create("/elsewhere");
        File.CreateSymbolicLink(Path.Join(_tree.Root, "link"), target);

        Assert.True(DirectoryInode.TryGet(target, out var targetInode));

        _index.Refresh();

        Assert.False(_index.TryGetPath(targetInode, out _));
        Assert.Equal(7, _index.Count);
    }

    [Fact]
    public void TryGetId_PathNotYetWalked_StatsTheDirectory()
    {
        var expected = InodeOf("/kubepods/burstable");

        Assert.True(_index.TryGetId("/kubepods/burstable", out var id));
        Assert.Equal(expected, id);
        Assert.Equal(0, _index.WalkCount);
    }

    [Fact]
    public void TryGetId_MissingDirectory_ReturnsFalse() =>
        Assert.False(_index.TryGetId("/kubepods/gone", out _));

    [Fact]
    public void TryGetPath_NameNotUtf8_KeptUnderEscapedNameAndResolvesBack()
    {
        // The bytes 66 FF 6F: FF is never valid UTF-8, so the rule writes it as \xff.
        string directory = Path.Join(_tree.Root, "kubepods", "f\\xffo");
        RawPaths.CreateDirectory(directory);
        try
        {
            ulong id = InodeFromFind("kubepods", "f?o");

            Assert.True(_index.TryGetPath(id, out var path));
            Assert.Equal("/kubepods/f\\xffo", path);
            Assert.True(_index.TryGetId(path, out var back));
            Assert.Equal(id, back);
            Assert.Equal(8, _index.Count); // the 7 of the tree and this one
        }
        finally
        {
            CgroupFileSystem.RemoveDirectory(directory);
        }
    }

    [Fact]
    public void Constructor_NegativeInterval_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new CgroupIndex(new CpuHierarchy(1, _tree.Root, null, null), _clock, TimeSpan.FromSeconds(-1)));

    /// <summary>The inode as find(1) lists it, by a glob: independent of the byte paths under test.</summary>
    private ulong InodeFromFind(string relativeDirectory, string glob)
    {
        var start = new ProcessStartInfo("find")
        {
            RedirectStandardOutput = true,
            ArgumentList = { Path.Join(_tree.Root, relativeDirectory), "-mindepth", "1", "-maxdepth", "1", "-name", glob, "-printf", "%i" },
        };
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return ulong.Parse(output, CultureInfo.InvariantCulture);
    }

    private ulong InodeOf(string relativeOrAbsolute)
    {
        var path = relativeOrAbsolute.StartsWith(_tree.Root, StringComparison.Ordinal)
            ? relativeOrAbsolute
            : Path.Join(_tree.Root, relativeOrAbsolute.TrimStart('/'));
        Assert.True(DirectoryInode.TryGet(path, out var inode), $"no inode for {path}");
        return inode;
    }
}
