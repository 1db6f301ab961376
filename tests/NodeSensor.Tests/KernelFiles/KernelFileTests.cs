using KernelTruth.NodeSensor.Cgroups;
using KernelTruth.NodeSensor.KernelFiles;
using KernelTruth.NodeSensor.Tests.Cgroups;

namespace KernelTruth.NodeSensor.Tests.KernelFiles;

public sealed class KernelFileTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void ReadRequired_DirectoryNameNotUtf8_ReadsTheFileThroughItsEscapedPath()
    {
        string directory = Path.Join(_tree.Root, "f\\xffo"); // the bytes 66 FF 6F
        string file = Path.Join(directory, "cpu.stat");
        RawPaths.CreateDirectory(directory);
        RawPaths.WriteText(file, "usage_usec 1234\n", create: true);
        try
        {
            Assert.Equal("usage_usec 1234\n", KernelFile.ReadRequired(directory, "cpu.stat", "/f\\xffo"));
            Assert.Null(KernelFile.ReadOptional(directory, "memory.peak", "/f\\xffo")); // missing file, live directory
        }
        finally
        {
            RawPaths.DeleteFile(file);
            CgroupFileSystem.RemoveDirectory(directory);
        }
    }

    [Fact]
    public void Read_NotUtf8DirectoryGone_ThrowsCgroupGone() =>
        Assert.Throws<CgroupGoneException>(() => KernelFile.ReadRequired(Path.Join(_tree.Root, "f\\xffo"), "cpu.stat", "/f\\xffo"));

    [Fact]
    public void ReadOptional_FileMissingInLiveDirectory_ReturnsNull()
    {
        var directory = _tree.Create("/cg");

        Assert.Null(KernelFile.ReadOptional(directory, "memory.peak", "/cg"));
    }

    [Fact]
    public void ReadRequired_FileMissingInLiveDirectory_ThrowsFileNotFound()
    {
        // The cgroup exists, so this is not "gone": the reader asked for a file this kernel does not have.
        var directory = _tree.Create("/cg");

        Assert.Throws<FileNotFoundException>(() => KernelFile.ReadRequired(directory, "cpu.stat", "/cg"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Read_DirectoryGone_ThrowsCgroupGoneWithPathAndFile(bool required)
    {
        var directory = Path.Join(_tree.Root, "cg");

        var error = Assert.Throws<CgroupGoneException>(() => required
            ? KernelFile.ReadRequired(directory, "cpu.stat", "/cg")
            : KernelFile.ReadOptional(directory, "cpu.stat", "/cg"));

        Assert.Equal("/cg", error.CgroupPath);
        Assert.Equal(Path.Join(directory, "cpu.stat"), error.File);
        Assert.Contains("'/cg' is gone", error.Message);
    }

    [Fact]
    public void IsRemovedWhileOpen_OtherIoErrors_False()
    {
        Assert.False(KernelFile.IsRemovedWhileOpen(new IOException("disk", 5)));
        Assert.False(KernelFile.IsRemovedWhileOpen(new FileNotFoundException()));
        Assert.True(KernelFile.IsRemovedWhileOpen(new IOException("No such device", 19)));
    }
}
