using System.Runtime.CompilerServices;
using KernelTruth.Models.Throttling;
using KernelTruth.Simulations.Replay;

namespace KernelTruth.Models.Tests.Throttling;

/// <summary>
/// The limit search's verdict packed into its fingerprint's low bit, and the predicted effect held inline as its numbers and
/// made again on a hit: the same answers, bit for bit, in 72 bytes per workload where 144 were held.
/// </summary>
public class ReplayMemoTests
{
    [Theory]
    [InlineData(0x9E37_79B9_7F4A_7C15UL, true)] // an odd fingerprint, met
    [InlineData(0x9E37_79B9_7F4A_7C15UL, false)]
    [InlineData(0x0123_4567_89AB_CDEEUL, true)] // an even one
    [InlineData(0x0123_4567_89AB_CDEEUL, false)]
    public void RememberSearch_AnyFingerprintAndVerdict_BothComeBack(ulong fingerprint, bool met)
    {
        var memo = new ReplayMemo();
        Assert.False(memo.HasSearchFor(fingerprint));

        memo.RememberSearch(fingerprint, 1.25, met);

        Assert.True(memo.HasSearchFor(fingerprint));
        Assert.Equal(met, memo.SearchMet);
        Assert.Equal(1.25, memo.SearchLimitCores);
        Assert.False(memo.HasSearchFor(fingerprint ^ 2)); // any other bit is another input
    }

    [Fact]
    public void RememberSearch_FingerprintZeroNotMet_HeldAsNoneSoSearchedAgain()
    {
        // 0 with "not met" packs to 0, which means "none": such inputs are searched every time, as before the packing.
        var memo = new ReplayMemo();
        memo.RememberSearch(0, 0.5, met: false);

        Assert.False(memo.HasSearchFor(0));
    }

    [Fact]
    public void SizeOf_Memo_NineWordsAndNoReference()
    {
        // Inputs' fingerprint + the six numbers a replay finds (two waits, usage, counted, throttled, held-back share) +
        // search verdict + searched limit: 9 × 8 = 72 bytes inline, nothing on the heap. Holding the record took
        // 4 × 8 = 32 inline (demand fingerprint, record reference, search verdict, searched limit) and the record's
        // 112 (16 header + 11 × 8 + the bool, padded to 8: RecordBytes_OneLimitPrediction_112): 144 per workload.
        Assert.Equal(72, Unsafe.SizeOf<ReplayMemo>());
        Assert.False(RuntimeHelpers.IsReferenceOrContainsReferences<ReplayMemo>());
    }

    [Fact]
    public void RecordBytes_OneLimitPrediction_112()
    {
        // What a hit of Find makes for its caller, and what the memo no longer keeps.
        var memo = new ReplayMemo();
        Assert.True(memo.Remember(Demand, Odd));
        GC.KeepAlive(memo.Find(Demand, Odd.LimitCores, Odd.BurstCores, Odd.PeriodSeconds));

        long before = GC.GetAllocatedBytesForCurrentThread();
        var found = memo.Find(Demand, Odd.LimitCores, Odd.BurstCores, Odd.PeriodSeconds);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        GC.KeepAlive(found);
        Assert.Equal(112, allocated);
    }

    [Fact]
    public void Find_AfterRemember_EveryFieldBackWithItsBits()
    {
        var memo = new ReplayMemo();
        Assert.True(memo.Remember(Demand, Odd));

        var found = memo.Find(Demand, Odd.LimitCores, Odd.BurstCores, Odd.PeriodSeconds);

        Assert.NotNull(found);
        Assert.Equal(Bits(Odd), Bits(found));
        Assert.Equal(Odd, found);
    }

    [Theory]
    [InlineData(Demand + 1, 0.257, 0.05, 0.1)] // another demand sample
    [InlineData(Demand, 0.258, 0.05, 0.1)] // another limit
    [InlineData(Demand, 0.257, 0.0, 0.1)] // another burst
    [InlineData(Demand, 0.257, 0.05, 0.05)] // another period
    public void Find_AnyInputOtherThanRemembered_Null(ulong demand, double limit, double burst, double period)
    {
        var memo = new ReplayMemo();
        Assert.True(memo.Remember(Demand, Odd));

        Assert.Null(memo.Find(demand, limit, burst, period));
    }

    [Fact]
    public void Remember_ADifferentSecondPrediction_ReplacesTheFirst()
    {
        var memo = new ReplayMemo();
        memo.Remember(Demand, Odd);
        var other = Odd with { LimitCores = 0.5, UsageCores = 0.2 };

        Assert.True(memo.Remember(Demand, other));

        Assert.Null(memo.Find(Demand, Odd.LimitCores, Odd.BurstCores, Odd.PeriodSeconds));
        Assert.Equal(other, memo.Find(Demand, 0.5, Odd.BurstCores, Odd.PeriodSeconds));
    }

    [Fact]
    public void Remember_KeepsTheSearchVerdict()
    {
        var memo = new ReplayMemo();
        memo.RememberSearch(0x0123_4567_89AB_CDEEUL, 0.3, met: true);

        memo.Remember(Demand, Odd);

        Assert.True(memo.HasSearchFor(0x0123_4567_89AB_CDEEUL));
        Assert.Equal((0.3, true), (memo.SearchLimitCores, memo.SearchMet));
    }

    [Fact]
    public void Remember_CensoredOrInconsistentPrediction_NotKeptSoReplayedAgain()
    {
        // Find makes confidence 1, not extrapolated, and the ratio throttled / counted: anything else would come back
        // changed, so it is not kept (a remembered one before it is dropped too), and the caller replays again.
        LimitPrediction[] unmakeable =
        [
            Odd with { Confidence = 0.95 },
            Odd with { Extrapolated = true },
            Odd with { ThrottledPeriodsRatio = 0.4 },
        ];
        foreach (var p in unmakeable)
        {
            var memo = new ReplayMemo();
            memo.Remember(Demand, Odd);

            Assert.False(memo.Remember(Demand, p));
            Assert.Null(memo.Find(Demand, p.LimitCores, p.BurstCores, p.PeriodSeconds));
        }
    }

    [Fact]
    public void Find_NothingRemembered_Null()
    {
        Assert.Null(new ReplayMemo().Find(0, 0, 0, 0));
        Assert.Null(new ReplayMemo().Find(Demand, Odd.LimitCores, Odd.BurstCores, Odd.PeriodSeconds));
    }

    private const ulong Demand = 0x9E37_79B9_7F4A_7C15UL;

    /// <summary>
    /// Numbers whose bits a float or another rounding would change: 0.1 + 0.2 (0.30000000000000004), the smallest
    /// subnormal, 2.0000000000000004 periods throttled of 3 counted with the ratio divided as the replay divides it.
    /// </summary>
    private static readonly LimitPrediction Odd = new(
        LimitCores: 0.257,
        PeriodSeconds: 0.1,
        BurstCores: 0.05,
        ThrottledPeriodsRatio: (1.0 + 2.220446049250313e-16 + 1.0) / 3,
        ThrottleWaitP50Seconds: double.Epsilon,
        ThrottleWaitP99Seconds: 0.1 + 0.2,
        UsageCores: 1.0 / 3,
        CountedPeriods: 3,
        ThrottledPeriods: 1.0 + 2.220446049250313e-16 + 1.0,
        Confidence: 1.0,
        Extrapolated: false,
        HeldBackArrivalShare: 0.7000000000000001);

    private static long[] Bits(LimitPrediction p) =>
    [
        BitConverter.DoubleToInt64Bits(p.LimitCores),
        BitConverter.DoubleToInt64Bits(p.PeriodSeconds),
        BitConverter.DoubleToInt64Bits(p.BurstCores),
        BitConverter.DoubleToInt64Bits(p.ThrottledPeriodsRatio),
        BitConverter.DoubleToInt64Bits(p.ThrottleWaitP50Seconds),
        BitConverter.DoubleToInt64Bits(p.ThrottleWaitP99Seconds),
        BitConverter.DoubleToInt64Bits(p.UsageCores),
        p.CountedPeriods,
        BitConverter.DoubleToInt64Bits(p.ThrottledPeriods),
        BitConverter.DoubleToInt64Bits(p.Confidence),
        p.Extrapolated ? 1 : 0,
        BitConverter.DoubleToInt64Bits(p.HeldBackArrivalShare),
    ];
}
