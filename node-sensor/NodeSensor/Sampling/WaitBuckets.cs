using KernelTruth.NodeSensor.Bpf.Programs;

namespace KernelTruth.NodeSensor.Sampling;

/// <summary>
/// log2 µs wait slots (bpf/bits.bpf.h wait_slot): slot i counts waits in [2^i, 2^(i+1)) µs,
/// slot 0 also those under 1 µs, the last slot everything from 2^26 µs (67 s) up.
/// </summary>
internal static class WaitBuckets
{
    public const int Slots = UsageBucketsNative.WaitSlots;

    /// <summary>Exclusive upper bound of slot i in seconds; +∞ for the last slot.</summary>
    public static double UpperBoundSeconds(int slot) =>
        slot >= Slots - 1 ? double.PositiveInfinity : Math.Pow(2, slot + 1) / 1e6;
}
