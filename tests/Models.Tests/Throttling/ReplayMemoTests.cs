using System.Runtime.CompilerServices;
using KernelTruth.Models.Throttling;

namespace KernelTruth.Models.Tests.Throttling;

/// <summary>The limit search's verdict packed into its fingerprint's low bit: the same answers, 8 bytes fewer per workload.</summary>
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
    public void SizeOf_Memo_FourWords()
    {
        // Demand fingerprint, prediction reference, search verdict, searched limit: 4 × 8 = 32 bytes (40 with a bool of its own).
        Assert.Equal(32, Unsafe.SizeOf<ReplayMemo>());
    }
}
