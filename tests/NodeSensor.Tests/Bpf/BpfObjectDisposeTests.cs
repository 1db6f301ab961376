using KernelTruth.NodeSensor.Bpf;
using KernelTruth.NodeSensor.Bpf.Native;

namespace KernelTruth.NodeSensor.Tests.Bpf;

/// <summary>The one disposal path releases links and the object, leaving nothing in the kernel.</summary>
public sealed class BpfObjectDisposeTests
{
    private readonly ListLogger _logger = new();

    [Fact]
    public void Dispose_AttachedObject_ClosesLinksAndUnloadsProgram()
    {
        var obj = BpfTestObjects.OpenCounter(_logger);
        obj.Load();
        var links = obj.AttachAllAutoloaded();
        var id = obj.ProgramId(BpfTestObjects.BtfProgram);
        Assert.True(ProgramExists(id), $"program id {id} should be loaded before Dispose");

        obj.Dispose();

        Assert.All(links, l => Assert.True(l.IsClosed));
        Assert.True(ProgramGoneWithin(id, TimeSpan.FromSeconds(2)), $"program id {id} is still in the kernel after Dispose");
    }

    [Fact]
    public void Dispose_Twice_IsHarmlessAndLaterUseThrowsObjectDisposed()
    {
        var obj = BpfTestObjects.OpenCounter(_logger);
        obj.Load();

        obj.Dispose();
        obj.Dispose();

        Assert.Throws<ObjectDisposedException>(() => obj.MapFd("switches"));
    }

    [Fact]
    public void Dispose_AfterFailedLoad_ReleasesObject()
    {
        BpfTestObjects.RequireKernelBpf();
        var obj = BpfObject.Open(BpfTestObjects.Unverifiable, BpfTestObjects.Elf(BpfTestObjects.Unverifiable), _logger);
        Assert.Throws<BpfStageException>(obj.Load);

        obj.Dispose();

        Assert.Throws<ObjectDisposedException>(() => obj.ProgramNames);
    }

    private static bool ProgramExists(uint id)
    {
        var fd = LibBpf.bpf_prog_get_fd_by_id(id);
        if (fd < 0)
        {
            Assert.Equal(-Errno.ENOENT, fd);
            return false;
        }

        using var probe = new FileDescriptorHandle(fd);
        return true;
    }

    // The kernel frees a program when its last reference goes; bpf_prog_get_fd_by_id then fails
    // with ENOENT. Release can finish a moment after close() returns (deferred fput/RCU), so poll
    // briefly rather than assert once.
    private static bool ProgramGoneWithin(uint id, TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (ProgramExists(id))
        {
            if (Environment.TickCount64 > deadline)
            {
                return false;
            }

            Thread.Sleep(10);
        }

        return true;
    }
}
