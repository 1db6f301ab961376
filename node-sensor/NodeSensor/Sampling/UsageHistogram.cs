namespace KernelTruth.NodeSensor.Sampling;

/// <summary>Per-period usage counts in <see cref="UsageBuckets"/> slots, with count and sum.</summary>
internal sealed class UsageHistogram
{
    private readonly ulong[] _slots = new ulong[UsageBuckets.Slots];

    public ulong Count { get; private set; }

    public ulong SumNs { get; private set; }

    public IReadOnlyList<ulong> Slots => _slots;

    public void Add(ulong ns)
    {
        _slots[UsageBuckets.SlotOf(ns)]++;
        Count++;
        SumNs += ns;
    }

    /// <summary>Takes back a value added before (a window that grew after it was folded).</summary>
    public void Remove(ulong ns)
    {
        int slot = UsageBuckets.SlotOf(ns);
        if (_slots[slot] == 0 || Count == 0 || SumNs < ns)
        {
            throw new InvalidOperationException($"value {ns} ns was never added to this histogram");
        }

        _slots[slot]--;
        Count--;
        SumNs -= ns;
    }

    public static UsageHistogram FromKernel(ulong count, ulong sumNs, ReadOnlySpan<ulong> slots)
    {
        var h = new UsageHistogram { Count = count, SumNs = sumNs };
        slots.CopyTo(h._slots);
        return h;
    }
}
