using KernelTruth.NodeSensor.Bpf.Programs;

namespace KernelTruth.NodeSensor.Sampling;

/// <summary>
/// The bucket arithmetic of bpf/bits.bpf.h, in C#: the window folder must put a window's usage in
/// the same bucket the kernel would, and consumers need each bucket's bounds.
/// Usage slots are log-linear in µs: one slot per µs below 16 µs, then 16 slots per power of two,
/// so a slot is at most 6.25 % wide. Example: 20 ms = 20 000 µs, log2 = 14, sub-bucket
/// (20 000 &gt;&gt; 10) &amp; 15 = 3 → slot 16 × 11 + 3 = 179, covering [19 456, 20 480) µs.
/// </summary>
internal static class UsageBuckets
{
    public const int Slots = UsageBucketsNative.UsageSlots;
    private const int Sub = UsageBucketsNative.UsageSubBuckets;

    public static int SlotOf(ulong ns)
    {
        ulong us = ns / 1000;
        if (us < Sub)
        {
            return (int)us;
        }

        int e = 63 - System.Numerics.BitOperations.LeadingZeroCount(us);
        long slot = (Sub * (e - 3)) + (long)((us >> (e - 4)) & (Sub - 1));
        return slot < Slots ? (int)slot : Slots - 1;
    }

    /// <summary>Inclusive lower bound of a slot, in ns.</summary>
    public static ulong LowerBoundNs(int slot)
    {
        if (slot < Sub)
        {
            return (ulong)slot * 1000;
        }

        int e = (slot / Sub) + 3;
        ulong us = (ulong)(Sub + (slot % Sub)) << (e - 4);
        return us * 1000;
    }

    /// <summary>Exclusive upper bound of a slot, in ns; the last slot is open (ulong.MaxValue).</summary>
    public static ulong UpperBoundNs(int slot) => slot >= Slots - 1 ? ulong.MaxValue : LowerBoundNs(slot + 1);
}
