using KernelTruth.NodeSensor.Bpf;
using KernelTruth.NodeSensor.Bpf.Programs;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelTruth.NodeSensor.Tests.Bpf.Programs;

/// <summary>
/// sched_events' own add_to_window (bpf/window_slots.bpf.h) on one usage window slot, loaded into
/// the running kernel as BpfTestPrograms/window_slot_test.bpf.c: set the slot, add ns to a window
/// (one BPF_PROG_TEST_RUN), read back the slot and sched_events' error counters.
/// </summary>
internal sealed class WindowSlotProgram : IDisposable
{
    private const uint Only = 0;
    private readonly BpfObject _obj;
    private readonly int _slotFd;
    private readonly int _errorsFd;

    private WindowSlotProgram(BpfObject obj)
    {
        _obj = obj;
        _slotFd = obj.MapFd("slot");
        _errorsFd = obj.MapFd(SchedEventsNative.ErrorsMap);
    }

    /// <summary>Loads a fresh object: an empty (all-zero) slot and no errors counted.</summary>
    public static WindowSlotProgram Load()
    {
        BpfTestObjects.RequireKernelBpf();
        var obj = BpfObject.Open(BpfTestObjects.WindowSlot, BpfTestObjects.Elf(BpfTestObjects.WindowSlot), NullLogger.Instance);
        try
        {
            obj.Load();
            return new WindowSlotProgram(obj);
        }
        catch (BpfStageException e)
        {
            obj.Dispose();
            Assert.Fail($"window_slot_test did not load (a SEC(\"syscall\") program needs Linux 5.14 or later): {e.Message}");
            throw;
        }
    }

    /// <summary>The slot: (window id mod 2^20) &lt;&lt; 44 | ns.</summary>
    public ulong Slot
    {
        get => _obj.TryLookup(_slotFd, Only, out ulong value) ? value : throw new InvalidOperationException("the slot map has no entry 0");
        set => _obj.Update(_slotFd, Only, value);
    }

    /// <summary>What add_to_window counted under each enum sched_events_error, by name.</summary>
    public IReadOnlyDictionary<string, ulong> Errors =>
        _obj.ReadAll<uint, ulong>(_errorsFd).ToDictionary(e => SchedEventsNative.ErrorNames[e.Key], e => e.Value);

    /// <summary>The slot as (tag, ns): a failure then reads "(524288, 1000)", not a 19-digit number.</summary>
    public (ulong Tag, ulong Ns) Window
    {
        get
        {
            ulong slot = Slot;
            return (slot >> SchedEventsNative.WindowUsageBits, slot & ((1UL << SchedEventsNative.WindowUsageBits) - 1));
        }
    }

    /// <summary>Packs a slot as add_to_window does: tag &lt;&lt; 44 | ns (tag = window id mod 2^20).</summary>
    public static ulong Packed(ulong tag, ulong ns) => (tag << SchedEventsNative.WindowUsageBits) | ns;

    /// <summary>add_to_window(slot, window, ns), run once in the kernel.</summary>
    public void Add(ulong window, ulong ns)
    {
        var returned = _obj.TestRun(BpfTestObjects.WindowSlotProgram, new WindowSlotTestArgs { Window = window, Ns = ns });
        Assert.True(returned == 0, $"add_to_slot returned {returned}: 1 means the slot map had no entry");
    }

    public void Dispose() => _obj.Dispose();
}
