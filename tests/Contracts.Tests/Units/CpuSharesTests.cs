using KernelTruth.Contracts.Units;

namespace KernelTruth.Contracts.Tests.Units;

/// <summary>A pod's CPU request from the cpu.shares / cpu.weight the kubelet wrote for it.</summary>
public sealed class CpuSharesTests
{
    /// <summary>The kubelet's forward mapping (pkg/kubelet/cm): request millicores → shares → v2 weight, integer arithmetic.</summary>
    private static ulong Shares(long millicores) => (ulong)Math.Max(2, millicores * 1024 / 1000);

    private static ulong Weight(ulong shares) => 1 + ((shares - 2) * 9999 / 262_142);

    [Theory]
    [InlineData(512, 0.5)]      // 500m
    [InlineData(1024, 1.0)]
    [InlineData(3, 3 / 1024.0)] // 3m, the smallest request above the minimum
    [InlineData(262_144, 256)]  // the kernel's maximum
    public void RequestCores_Shares_SharesOver1024(ulong shares, double cores) =>
        Assert.Equal(cores, CpuShares.RequestCores(shares)!.Value, 1e-12);

    [Fact]
    public void RequestCores_Minimum_NoRequest() => Assert.Null(CpuShares.RequestCores(2));

    [Fact]
    public void SharesFromWeight_Weight10_MiddleOf238To264() =>
        // (10 − 1) × 262142 / 9999 = 235.96 ≤ s − 2 < 10 × 262142 / 9999 = 262.17 ⇒ s in 238..264 ⇒ 251
        Assert.Equal(251, CpuShares.SharesFromWeight(10), 1e-9);

    [Theory]
    [InlineData(100)]
    [InlineData(250)]
    [InlineData(500)]
    [InlineData(1000)]
    [InlineData(1500)]
    [InlineData(4000)]
    [InlineData(64_000)]
    public void RequestCoresFromWeight_KubeletMapping_RoundTripsWithinHalfAStep(long millicores)
    {
        ulong weight = Weight(Shares(millicores));

        double cores = CpuShares.RequestCoresFromWeight(weight)!.Value;

        // One weight step is 262142 / 9999 = 26.2 shares; the middle of a step is at most 13.1 shares (12.8m) off.
        Assert.InRange(cores * 1000, millicores - 12.8 - 1, millicores + 12.8 + 1);
        Assert.Equal(weight, Weight((ulong)Math.Round(CpuShares.SharesFromWeight(weight)))); // the answer maps back to the same weight
    }

    [Fact]
    public void RequestCoresFromWeight_WeightOne_NoRequest() => Assert.Null(CpuShares.RequestCoresFromWeight(1));
}
