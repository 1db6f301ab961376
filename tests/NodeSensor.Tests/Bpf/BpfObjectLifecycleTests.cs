using KernelTruth.NodeSensor.Bpf;
using KernelTruth.NodeSensor.Bpf.Native;

namespace KernelTruth.NodeSensor.Tests.Bpf;

/// <summary>open → configure → load → attach → read against the running kernel.</summary>
public sealed class BpfObjectLifecycleTests
{
    private readonly ListLogger _logger = new();

    [Fact]
    public void Load_TpBtfProgramWithRodata_CountsSwitchesAndFillsHashMap()
    {
        using var obj = BpfTestObjects.OpenCounter(_logger);
        obj.SetReadOnlyData(new LoaderTestConfig { HashEntries = 5, ValueBase = 1000 });
        obj.Load();

        var links = obj.AttachAllAutoloaded();

        Assert.Equal([BpfTestObjects.BtfProgram], links.Select(l => l.ProgramName));
        var switches = obj.MapFd("switches");
        var before = ReadCounter(obj, switches);
        BpfTestObjects.CauseContextSwitches();
        Assert.True(ReadCounter(obj, switches) > before, "sched_switch counter did not move");

        // rodata arrived: the program wrote exactly cfg.hash_entries keys, valued base + key.
        var entries = obj.ReadAll<uint, ulong>(obj.MapFd("entries")).OrderBy(e => e.Key).ToList();
        Assert.Equal([(0u, 1000UL), (1u, 1001UL), (2u, 1002UL), (3u, 1003UL), (4u, 1004UL)], entries);
    }

    [Fact]
    public void Load_RawTpTwin_CountsSwitches()
    {
        using var obj = BpfTestObjects.OpenCounter(_logger, keep: BpfTestObjects.RawProgram);
        obj.Load();
        obj.Attach(BpfTestObjects.RawProgram);

        var switches = obj.MapFd("switches");
        var before = ReadCounter(obj, switches);
        BpfTestObjects.CauseContextSwitches();

        Assert.True(ReadCounter(obj, switches) > before, "sched_switch counter did not move");
    }

    [Fact]
    public void ReadAll_BatchSmallerThanEntryCount_ReturnsEveryEntryOnce()
    {
        using var obj = BpfTestObjects.OpenCounter(_logger);
        obj.SetReadOnlyData(new LoaderTestConfig { HashEntries = 16, ValueBase = 7 });
        obj.Load();
        obj.AttachAllAutoloaded();
        BpfTestObjects.CauseContextSwitches();

        // 16 entries in chunks of 3: five full chunks, then the -ENOENT chunk carrying the last one.
        var entries = obj.ReadAll<uint, ulong>(obj.MapFd("entries"), batchSize: 3);

        Assert.Equal(Enumerable.Range(0, 16).Select(k => ((uint)k, 7UL + (ulong)k)), entries.OrderBy(e => e.Key));
    }

    [Fact]
    public void ReadKeyByKey_HashMap_MatchesBatchRead()
    {
        using var obj = BpfTestObjects.OpenCounter(_logger);
        obj.SetReadOnlyData(new LoaderTestConfig { HashEntries = 9, ValueBase = 50 });
        obj.Load();
        obj.AttachAllAutoloaded();
        BpfTestObjects.CauseContextSwitches();
        var fd = obj.MapFd("entries");
        var map = new BpfMapRef(obj.Name, "entries", fd, BpfMapReader.GetInfo(fd, obj.Name, "entries"));

        var slow = new List<(uint, ulong)>();
        BpfMapReader.ReadKeyByKey(map, slow);

        Assert.Equal(obj.ReadAll<uint, ulong>(fd).OrderBy(e => e.Key), slow.OrderBy(e => e.Item1));
        Assert.Equal(9, slow.Count);
    }

    [Fact]
    public void ReadAll_ArrayMap_ReturnsEverySlot()
    {
        using var obj = BpfTestObjects.OpenCounter(_logger);
        obj.Load();

        var slots = obj.ReadAll<uint, ulong>(obj.MapFd("switches"));

        Assert.Equal([(0u, 0UL)], slots); // max_entries 1, nothing attached yet
    }

    [Fact]
    public void LookupPerCpu_PerCpuArray_OneSlotPerPossibleCpuSummingAboveZero()
    {
        using var obj = BpfTestObjects.OpenCounter(_logger);
        obj.Load();
        obj.AttachAllAutoloaded();
        BpfTestObjects.CauseContextSwitches();

        var perCpu = obj.LookupPerCpu<uint, ulong>(obj.MapFd("switches_percpu"), 0u);

        Assert.Equal(LibBpf.libbpf_num_possible_cpus(), perCpu.Length);
        Assert.True(perCpu.Aggregate(0UL, (sum, v) => sum + v) > 0);
    }

    [Fact]
    public void SetMaxEntries_HashMap_KernelCreatesMapWithNewSize()
    {
        using var obj = BpfTestObjects.OpenCounter(_logger);
        obj.SetMaxEntries("entries", 64);
        obj.Load();

        var fd = obj.MapFd("entries");

        Assert.Equal(64u, BpfMapReader.GetInfo(fd, obj.Name, "entries").MaxEntries);
    }

    [Fact]
    public void ProgramNames_CounterObject_ListsBothVariantsInElfOrder()
    {
        BpfTestObjects.RequireKernelBpf();
        using var obj = BpfObject.Open(BpfTestObjects.Counter, BpfTestObjects.Elf(BpfTestObjects.Counter), _logger);

        Assert.Equal([BpfTestObjects.BtfProgram, BpfTestObjects.RawProgram], obj.ProgramNames);
    }

    [Fact]
    public void TryLookup_AbsentKey_ReturnsFalse()
    {
        using var obj = BpfTestObjects.OpenCounter(_logger);
        obj.Load();

        Assert.False(obj.TryLookup<uint, ulong>(obj.MapFd("entries"), 12345u, out _));
    }

    private static ulong ReadCounter(BpfObject obj, int fd)
    {
        Assert.True(obj.TryLookup<uint, ulong>(fd, 0u, out var count));
        return count;
    }
}
