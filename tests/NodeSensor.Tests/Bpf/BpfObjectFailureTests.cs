using System.Runtime.InteropServices;
using KernelTruth.NodeSensor.Bpf;
using KernelTruth.NodeSensor.Bpf.Native;
using Microsoft.Extensions.Logging;

namespace KernelTruth.NodeSensor.Tests.Bpf;

/// <summary>Each stage fails with its own BpfStageException and says why.</summary>
public sealed class BpfObjectFailureTests
{
    private readonly ListLogger _logger = new();

    [Fact]
    public void Open_GarbageElf_FailsAtOpenAndLogsLibBpfWarning()
    {
        BpfTestObjects.RequireKernelBpf();
        var garbage = "this is not an ELF object, just text"u8.ToArray();

        var e = Assert.Throws<BpfStageException>(() => BpfObject.Open("garbage", garbage, _logger));

        Assert.Equal(BpfStage.Open, e.Stage);
        Assert.Equal("garbage", e.ObjectName);
        Assert.NotEqual(0, e.Errno);
        Assert.NotNull(e.LogTail);
        Assert.Contains(_logger.Entries, x => x.Level == LogLevel.Warning && x.Message.Contains("libbpf [garbage]"));
    }

    [Fact]
    public void SetReadOnlyData_StructLargerThanRodata_FailsAtConfigure()
    {
        using var obj = BpfTestObjects.OpenCounter(_logger);

        // .rodata holds struct loader_test_config: 16 bytes; the mirror below is 32.
        var e = Assert.Throws<BpfStageException>(() => obj.SetReadOnlyData(new ThirtyTwoBytes()));

        Assert.Equal(BpfStage.Configure, e.Stage);
        Assert.Equal(Errno.E2BIG, e.Errno);
        Assert.Contains("32 bytes but .rodata holds only 16", e.Message);
    }

    [Fact]
    public void Load_OutOfBoundsMapValueRead_FailsAtLoadWithVerifierLogTail()
    {
        BpfTestObjects.RequireKernelBpf();
        using var obj = BpfObject.Open(
            BpfTestObjects.Unverifiable, BpfTestObjects.Elf(BpfTestObjects.Unverifiable), _logger);

        var e = Assert.Throws<BpfStageException>(obj.Load);

        Assert.Equal(BpfStage.Load, e.Stage);
        Assert.Equal(Errno.EACCES, e.Errno); // the verifier rejects with EACCES
        Assert.Contains("invalid access to map value", e.LogTail);
        Assert.Contains("invalid access to map value", e.Message);
    }

    [Fact]
    public void Attach_UnknownProgram_FailsAtAttachNamingTheChoices()
    {
        using var obj = BpfTestObjects.OpenCounter(_logger);
        obj.Load();

        var e = Assert.Throws<BpfStageException>(() => obj.Attach("no_such_program"));

        Assert.Equal(BpfStage.Attach, e.Stage);
        Assert.Equal("program no_such_program", e.ItemName);
        Assert.Equal(Errno.ENOENT, e.Errno);
        Assert.Contains(BpfTestObjects.BtfProgram, e.Message);
    }

    [Fact]
    public void Attach_ProgramWithAutoloadOff_FailsAtAttach()
    {
        using var obj = BpfTestObjects.OpenCounter(_logger);
        obj.Load();

        var e = Assert.Throws<BpfStageException>(() => obj.Attach(BpfTestObjects.RawProgram));

        Assert.Equal(BpfStage.Attach, e.Stage);
        Assert.Empty(obj.Links);
    }

    [Fact]
    public void SetAutoload_UnknownProgram_FailsAtConfigure()
    {
        using var obj = BpfTestObjects.OpenCounter(_logger);

        var e = Assert.Throws<BpfStageException>(() => obj.SetAutoload("no_such_program", false));

        Assert.Equal(BpfStage.Configure, e.Stage);
    }

    [Fact]
    public void SetMaxEntries_UnknownMap_FailsAtConfigure()
    {
        using var obj = BpfTestObjects.OpenCounter(_logger);

        var e = Assert.Throws<BpfStageException>(() => obj.SetMaxEntries("no_such_map", 8));

        Assert.Equal(BpfStage.Configure, e.Stage);
        Assert.Equal("map no_such_map", e.ItemName);
    }

    [Fact]
    public void MapFd_UnknownMap_FailsAtRead()
    {
        using var obj = BpfTestObjects.OpenCounter(_logger);
        obj.Load();

        var e = Assert.Throws<BpfStageException>(() => obj.MapFd("no_such_map"));

        Assert.Equal(BpfStage.Read, e.Stage);
    }

    [Fact]
    public void TryLookup_ValueTypeOfWrongSize_FailsAtReadBeforeTheKernelWrites()
    {
        using var obj = BpfTestObjects.OpenCounter(_logger);
        obj.Load();

        var e = Assert.Throws<BpfStageException>(() => obj.TryLookup<uint, uint>(obj.MapFd("switches"), 0u, out _));

        Assert.Equal(BpfStage.Read, e.Stage);
        Assert.Contains("value_size is 8", e.Message);
    }

    [Fact]
    public void TryLookup_PerCpuMap_FailsAtReadPointingToLookupPerCpu()
    {
        using var obj = BpfTestObjects.OpenCounter(_logger);
        obj.Load();

        var e = Assert.Throws<BpfStageException>(
            () => obj.TryLookup<uint, ulong>(obj.MapFd("switches_percpu"), 0u, out _));

        Assert.Contains("LookupPerCpu", e.Message);
    }

    [Fact]
    public void TryLookup_FdNotFromThisObject_FailsAtRead()
    {
        using var obj = BpfTestObjects.OpenCounter(_logger);
        obj.Load();

        var e = Assert.Throws<BpfStageException>(() => obj.TryLookup<uint, ulong>(0, 0u, out _));

        Assert.Equal(BpfStage.Read, e.Stage);
    }

    [Fact]
    public void SetAutoload_AfterLoad_ThrowsInvalidOperation()
    {
        using var obj = BpfTestObjects.OpenCounter(_logger);
        obj.Load();

        Assert.Throws<InvalidOperationException>(() => obj.SetAutoload(BpfTestObjects.RawProgram, true));
    }

    [Fact]
    public void Attach_BeforeLoad_ThrowsInvalidOperation()
    {
        using var obj = BpfTestObjects.OpenCounter(_logger);

        Assert.Throws<InvalidOperationException>(() => obj.Attach(BpfTestObjects.BtfProgram));
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ThirtyTwoBytes
    {
        public ulong A;
        public ulong B;
        public ulong C;
        public ulong D;
    }
}
