using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KernelTruth.NodeSensor.Bpf.Programs;

/// <summary>Mirrors bpf/usage_buckets.h. Sizes are checked by tests.</summary>
internal static class UsageBucketsNative
{
    public const int WaitSlots = 27;
    public const int UsageSubBuckets = 16;
    public const int UsageMaxExp = 24;
    public const int UsageSlots = (UsageSubBuckets * (UsageMaxExp - 3)) + UsageSubBuckets;
}

[InlineArray(UsageBucketsNative.WaitSlots)]
internal struct WaitSlots
{
    private ulong _element0;
}

[InlineArray(UsageBucketsNative.UsageSlots)]
internal struct UsageSlots
{
    private ulong _element0;
}

/// <summary>struct wait_hist: the number of waits is the sum of the slots.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct WaitHistNative
{
    public ulong SumNs;
    public WaitSlots Slots;
}

/// <summary>struct usage_hist.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct UsageHistNative
{
    public ulong Count;
    public ulong SumNs;
    public UsageSlots Slots;
}
