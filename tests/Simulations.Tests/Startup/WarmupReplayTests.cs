using KernelTruth.Simulations.Replay;
using KernelTruth.Simulations.Startup;

namespace KernelTruth.Simulations.Tests.Startup;

public sealed class WarmupReplayTests
{
    private static readonly BandwidthLimit HalfCore = new(0.5, 0.1);

    [Fact]
    public void Run_ThrottledWithoutBurst_EndsAfterSixPeriods()
    {
        // W 300 ms, P 1, 50 ms / 100 ms, tick 4 ms: 52 + 4 × 50 = 252 ms by 500 ms, the last 48 ms end at 548 ms.
        var p = WarmupReplay.Run(0.3, 1, HalfCore);

        Assert.Equal(0.548, p.ReadySeconds, 6);
        Assert.Equal(0.248, p.DelaySeconds, 6);
        Assert.Equal(5, p.ThrottledPeriods, 6);
    }

    [Fact]
    public void Run_BurstEqualToQuota_StartsFullAndSavesOnePeriod()
    {
        // The pool starts at 100 ms: 100 ms in period 0 (one core, unthrottled), then 52 + 50 + 50 + 48 ⇒ 448 ms.
        var p = WarmupReplay.Run(0.3, 1, HalfCore with { BurstCores = 0.5 });

        Assert.Equal(0.448, p.ReadySeconds, 6);
        Assert.Equal(3, p.ThrottledPeriods, 6);
    }

    [Fact]
    public void Run_WarmupWithinFullPool_IsNotDelayed()
    {
        // 90 ms ≤ the 100 ms pool, on one core: 90 ms, as unlimited.
        var p = WarmupReplay.Run(0.09, 1, HalfCore with { BurstCores = 0.5 });

        Assert.Equal(0.09, p.ReadySeconds, 9);
        Assert.Equal(0, p.DelaySeconds, 9);
        Assert.Equal(0, p.ThrottledPeriods, 9);
    }

    [Fact]
    public void Run_Unlimited_IsWorkOverParallelism()
    {
        // 3 CPU-seconds on 4 cores: 0.75 s.
        Assert.Equal(0.75, WarmupReplay.Run(3, 4, null).ReadySeconds, 9);
    }

    [Fact]
    public void Run_LimitAboveParallelism_IsNotDelayed()
    {
        // Two threads under a 3-core limit never meet the quota: 1 CPU-second ⇒ 0.5 s.
        var p = WarmupReplay.Run(1, 2, new BandwidthLimit(3, 0.1));

        Assert.Equal(0.5, p.ReadySeconds, 9);
        Assert.Equal(0, p.ThrottledPeriods, 9);
    }

    [Fact]
    public void Run_HigherLimit_IsReadySooner()
    {
        // 4 CPU-seconds on 2 cores: at 0.5 cores ≈ 8 s, at 1 core ≈ 4 s, at 2 cores 2 s.
        double half = WarmupReplay.Run(4, 2, HalfCore).ReadySeconds;
        double one = WarmupReplay.Run(4, 2, new BandwidthLimit(1, 0.1)).ReadySeconds;

        Assert.InRange(half, 7.8, 8.0);
        Assert.InRange(one, 3.8, 4.0);
        Assert.Equal(2, WarmupReplay.Run(4, 2, new BandwidthLimit(2, 0.1)).ReadySeconds, 6);
    }

    [Fact]
    public void Run_NegativeWork_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WarmupReplay.Run(-1, 1, HalfCore));
    }
}
