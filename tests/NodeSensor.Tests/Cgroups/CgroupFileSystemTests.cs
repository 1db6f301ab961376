using System.Runtime.InteropServices;
using KernelTruth.NodeSensor.Cgroups;

namespace KernelTruth.NodeSensor.Tests.Cgroups;

/// <summary>Listing, reading and removing by raw bytes, over ordinary directories (cgroupfs behaves the same for these calls).</summary>
public sealed class CgroupFileSystemTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void ChildDirectoryNames_NonUtf8DirectoryFileAndSymlink_OnlyDirectoryEscaped()
    {
        string raw = Path.Join(_tree.Root, "f\\xffo"); // the bytes 66 FF 6F
        RawPaths.CreateDirectory(raw);
        _tree.Create("/plain");
        _tree.Write("/cpu.stat", "usage_usec 1\n");
        File.CreateSymbolicLink(Path.Join(_tree.Root, "link"), Path.Join(_tree.Root, "plain"));
        try
        {
            Assert.Equal(["f\\xffo", "plain"], CgroupFileSystem.ChildDirectoryNames(_tree.Root).Order(StringComparer.Ordinal));
        }
        finally
        {
            CgroupFileSystem.RemoveDirectory(raw);
        }
    }

    [Fact]
    public void ChildDirectoryNames_MissingDirectory_Empty() =>
        Assert.Empty(CgroupFileSystem.ChildDirectoryNames(Path.Join(_tree.Root, "gone")));

    [Fact]
    public void ChildDirectoryNames_ManyEntries_AllListedAcrossBufferRefills()
    {
        // 2 000 names of ~40 bytes fill the 32 KiB getdents64 buffer about three times.
        var names = Enumerable.Range(0, 2000).Select(i => $"cgroup-with-a-longish-name-{i:D5}").ToList();
        names.ForEach(n => _tree.Create("/" + n));

        Assert.Equal(names, CgroupFileSystem.ChildDirectoryNames(_tree.Root).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DirectoryExists_FileDirectoryAndMissing_OnlyDirectoryTrue()
    {
        string file = _tree.Write("/cpu.stat", "x");

        Assert.True(CgroupFileSystem.DirectoryExists(_tree.Root));
        Assert.False(CgroupFileSystem.DirectoryExists(file));
        Assert.False(CgroupFileSystem.DirectoryExists(Path.Join(_tree.Root, "gone")));
    }

    [Fact]
    public void ReadAllText_MissingFileAndFileAsDirectory_TheExceptionsDotNetThrows()
    {
        string file = _tree.Write("/cpu.stat", "x");

        Assert.Throws<FileNotFoundException>(() => CgroupFileSystem.ReadAllText(Path.Join(_tree.Root, "gone")));
        Assert.Throws<DirectoryNotFoundException>(() => CgroupFileSystem.ReadAllText(Path.Join(file, "below")));
    }

    [Fact]
    public void ReadAllText_LargerThanOneRead_WholeContent()
    {
        string content = string.Concat(Enumerable.Range(0, 1000).Select(i => $"line {i}\n")); // ~8.9 KB: three 4 KiB reads
        string file = _tree.Write("/big", content);

        Assert.Equal(content, CgroupFileSystem.ReadAllText(file));
    }

    [Fact]
    public void RemoveDirectory_ThenAgain_TrueThenFalse()
    {
        string directory = _tree.Create("/cg");

        Assert.True(CgroupFileSystem.RemoveDirectory(directory));
        Assert.False(CgroupFileSystem.RemoveDirectory(directory));
    }

    [Fact]
    public void NulTerminated_StrayBackslash_ArgumentException() =>
        Assert.Throws<ArgumentException>(() => CgroupFileSystem.NulTerminated("/a\\q"));

    [Fact]
    public void StatxBuffer_Layout_MatchesUapiStructStatx()
    {
        // uapi struct statx: stx_mask u32 @0, stx_blksize u32 @4, stx_attributes u64 @8, stx_nlink, stx_uid, stx_gid
        // u32 @16/20/24, stx_mode u16 @28, a u16 pad, stx_ino u64 @32; 256 bytes in all.
        Assert.Equal(256, Marshal.SizeOf<CgroupFileSystem.StatxBuffer>());
        Assert.Equal(28, Marshal.OffsetOf<CgroupFileSystem.StatxBuffer>(nameof(CgroupFileSystem.StatxBuffer.Mode)).ToInt32());
        Assert.Equal(32, Marshal.OffsetOf<CgroupFileSystem.StatxBuffer>(nameof(CgroupFileSystem.StatxBuffer.Ino)).ToInt32());
    }
}
