using KernelTruth.NodeSensor.Bpf;

namespace KernelTruth.NodeSensor.Tests.Bpf;

/// <summary>
/// The compiled test objects (BpfTestPrograms/*.bpf.c) and the guard every kernel-touching test
/// starts with: these tests run against the real kernel and must FAIL, never skip, when the
/// machine cannot load BPF, saying what is missing.
/// </summary>
internal static class BpfTestObjects
{
    internal const string Counter = "loader_test";
    internal const string Unverifiable = "loader_test_bad";

    /// <summary>Runs sched_events' add_to_window on one slot (window_slot_test.bpf.c).</summary>
    internal const string WindowSlot = "window_slot_test";
    internal const string WindowSlotProgram = "add_to_slot";

    internal const string BtfProgram = "count_switch_btf";
    internal const string RawProgram = "count_switch_raw";

    internal static byte[] Elf(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "BpfTestPrograms", name + ".bpf.o");
        Assert.True(File.Exists(path), $"{path} is missing: the test build compiles BpfTestPrograms/*.bpf.c with clang.");
        return File.ReadAllBytes(path);
    }

    internal static void RequireKernelBpf()
    {
        var errors = BpfEnvironment.Check().Where(p => p.Severity == BpfProblemSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            Assert.Fail("These tests load BPF programs into the running kernel and cannot here: "
                + string.Join(" ", errors.Select(e => e.Message)));
        }
    }

    /// <summary>Opens the counter object, keeping one of its two program variants.</summary>
    internal static BpfObject OpenCounter(ListLogger logger, string keep = BtfProgram)
    {
        RequireKernelBpf();
        var obj = BpfObject.Open(Counter, Elf(Counter), logger);
        obj.SetAutoload(keep == BtfProgram ? RawProgram : BtfProgram, false);
        return obj;
    }

    /// <summary>Yields the CPU until the kernel has switched tasks a few times.</summary>
    internal static void CauseContextSwitches()
    {
        for (var i = 0; i < 20; i++)
        {
            Thread.Sleep(2);
        }
    }
}
