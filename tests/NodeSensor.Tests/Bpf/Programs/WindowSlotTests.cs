using static KernelTruth.NodeSensor.Tests.Bpf.Programs.WindowSlotProgram;

namespace KernelTruth.NodeSensor.Tests.Bpf.Programs;

/// <summary>
/// sched_events' add_to_window, the production code (bpf/window_slots.bpf.h), run in the kernel
/// with chosen window ids: no uptime needed to reach the tags that matter. A slot is
/// (window id mod 2^20) &lt;&lt; 44 | ns; a slot's window is older than window w when
/// (tag(w) − its tag) mod 2^20 &lt; 2^19, and an all-zero slot is empty.
/// </summary>
public sealed class WindowSlotTests
{
    private const ulong Half = 1UL << 19;  // 524 288 windows: 14.6 h at 100 ms
    private const ulong Cycle = 1UL << 20; // 1 048 576 windows: the tags wrap every 29.1 h at 100 ms
    private const string TooOld = "window_too_old";

    /// <summary>
    /// An empty slot takes the first window whatever its tag. Read as tag 0, it looked newer than
    /// any tag t ≥ 2^19: (t − 0) mod 2^20 = t, not &lt; 2^19, so the window was refused; the cases
    /// from 2^19 on fail without the empty-slot check.
    /// </summary>
    [Theory]
    [InlineData(1UL)]
    [InlineData(Half - 1)]        // 524 287: the last tag that passed without the check
    [InlineData(Half)]            // 524 288: 14.6 h of uptime, the first tag refused without it
    [InlineData(524_290UL)]       // 52 429 s of uptime: where PeriodUsageTests found '0 windows folded'
    [InlineData(Cycle - 1)]       // 1 048 575: the last tag of a cycle
    [InlineData(3 * Cycle + Half + 5)] // a later cycle: tag 3 145 728 + 524 293 mod 2^20 = 524 293
    public void AddToWindow_EmptySlot_TakesTheWindowWhateverItsTag(ulong window)
    {
        using var program = Load();

        program.Add(window, 1_000);

        Assert.Equal((window % Cycle, 1_000UL), program.Window);
        Assert.All(program.Errors.Values, n => Assert.Equal(0UL, n));
    }

    [Fact]
    public void AddToWindow_SameWindowAgain_AddsTheNs()
    {
        using var program = Load();

        // Window 524 290 (its own tag): empty → 300 ns, then 300 + 200 = 500 ns.
        program.Add(524_290, 300);
        program.Add(524_290, 200);

        Assert.Equal((524_290UL, 500UL), program.Window);
        Assert.All(program.Errors.Values, n => Assert.Equal(0UL, n));
    }

    /// <summary>A newer window claims the slot: the older window's ns are dropped, not added.</summary>
    [Theory]
    [InlineData(100UL, 101UL)]            // the next window: (101 − 100) mod 2^20 = 1 < 2^19
    [InlineData(100UL, 100 + Half - 1)]   // 2^19 − 1 ahead: the farthest window still newer
    [InlineData(Half + 7, Half + 8)]      // in the half of the cycle where the empty-slot bug was
    [InlineData(Cycle - 1, Cycle)]        // across the wrap: tag 0 after 1 048 575, (0 − 1 048 575) mod 2^20 = 1
    [InlineData(Cycle - 3, Cycle + 5)]    // across the wrap: (5 − 1 048 573) mod 2^20 = 8
    public void AddToWindow_NewerWindow_TakesTheSlotAndDropsTheOldNs(ulong held, ulong window)
    {
        using var program = Load();
        program.Slot = Packed(held % Cycle, 5_000);

        program.Add(window, 30);

        Assert.Equal((window % Cycle, 30UL), program.Window);
        Assert.All(program.Errors.Values, n => Assert.Equal(0UL, n));
    }

    /// <summary>
    /// A window older than the slot's is refused: the slot keeps its window and ns, and the
    /// refusal is counted as window_too_old (nothing else is counted).
    /// </summary>
    [Theory]
    [InlineData(101UL, 100UL)]          // one behind: (100 − 101) mod 2^20 = 1 048 575 ≥ 2^19
    [InlineData(100 + Half, 100UL)]     // 2^19 behind: (100 − 524 388) mod 2^20 = 2^19, not < 2^19
    [InlineData(100UL, 100 + Half)]     // 2^19 ahead is as far as 2^19 behind: also refused
    [InlineData(Cycle, Cycle - 1)]      // tag 0 holding ns is no empty slot: (1 048 575 − 0) mod 2^20 ≥ 2^19
    public void AddToWindow_OlderWindow_RefusedCountedAndSlotUnchanged(ulong held, ulong window)
    {
        using var program = Load();
        program.Slot = Packed(held % Cycle, 5_000);

        program.Add(window, 30);

        Assert.Equal((held % Cycle, 5_000UL), program.Window);
        var errors = program.Errors;
        Assert.Equal(1UL, errors[TooOld]);
        Assert.Equal(1UL, errors.Values.Aggregate(0UL, (sum, n) => sum + n));
    }

    /// <summary>
    /// ns beyond the 44 usage bits never reach the tag when a window takes a slot: 2^44 + 123 ns
    /// keep 123 (unmasked, window 7's slot would read as tag 8 with 123 ns).
    /// </summary>
    [Theory]
    [InlineData(0UL)]                        // empty slot
    [InlineData((6UL << 44) | 5_000)]        // window 6 with 5 000 ns: older than 7
    public void AddToWindow_NsAboveTheUsageBits_KeepsTheLow44Bits(ulong heldSlot)
    {
        using var program = Load();
        program.Slot = heldSlot;

        program.Add(7, (1UL << 44) + 123);

        Assert.Equal((7UL, 123UL), program.Window);
    }
}
