using KernelTruth.Simulations.Hpa;

namespace KernelTruth.Simulations.Tests.Hpa;

/// <summary>The HPA rules one by one, on the controller alone.</summary>
public sealed class HpaControllerTests
{
    private static readonly HpaSettings Defaults = new() { Target = 0.8, MaxReplicas = 20 };

    [Fact]
    public void Sync_RatioWithinTolerance_NoChange()
    {
        // 0.85 / 0.8 = 1.0625: |1 − 1.0625| ≤ 0.1.
        var (replicas, reason) = new HpaController(Defaults).Sync(15, 0.85, 2, 0);

        Assert.Equal(2, replicas);
        Assert.Contains("within tolerance", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Sync_RatioJustOutsideTolerance_Scales()
    {
        // 0.9 / 0.8 = 1.125 > 1.1 ⇒ ⌈1.125 × 2⌉ = 3.
        Assert.Equal(3, new HpaController(Defaults).Sync(15, 0.9, 2, 0).Replicas);
    }

    [Fact]
    public void Sync_ScaleUp_CeilOfRatioTimesPods()
    {
        // 1.6 / 0.8 = 2 ⇒ ⌈2 × 2⌉ = 4 (within the +4 pods / +100 % limits).
        Assert.Equal(4, new HpaController(Defaults).Sync(15, 1.6, 2, 0).Replicas);
    }

    [Fact]
    public void Sync_ScaleUpWithStartingPods_TheyCountAsZero()
    {
        // 1 ready at 1.0, 1 starting: ratio 1.25, with the starting pod as 0: 1.25 × 1/2 = 0.625 ⇒ no change.
        var (replicas, reason) = new HpaController(Defaults).Sync(15, 1.0, 1, 1);

        Assert.Equal(2, replicas);
        Assert.Contains("starting pods as 0: no change", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Sync_ScaleDownWithStartingPods_TheyAreIgnored()
    {
        // 2 ready at 0.4, 2 starting: ratio 0.5 over the ready pods ⇒ ⌈0.5 × 2⌉ = 1 (no stabilization here).
        var controller = new HpaController(Defaults with { ScaleDownStabilization = TimeSpan.Zero });

        Assert.Equal(1, controller.Sync(15, 0.4, 2, 2).Replicas);
    }

    [Fact]
    public void Sync_ScaleDownInsideStabilizationWindow_HoldsHighestRecommendation()
    {
        var controller = new HpaController(Defaults);
        Assert.Equal(4, controller.Sync(15, 1.6, 2, 0).Replicas);   // recommendation 4 at t = 15

        // t = 30: 4 pods at 0.4 ⇒ ratio 0.5 ⇒ 2, but the highest in the last 300 s is 4.
        Assert.Equal(4, controller.Sync(30, 0.4, 4, 0).Replicas);

        // t = 330: the 4 from t = 15 has left the window; the 2s within it remain ⇒ 2.
        for (int t = 45; t <= 315; t += 15)
        {
            controller.Sync(t, 0.4, 4, 0);
        }

        Assert.Equal(2, controller.Sync(330, 0.4, 4, 0).Replicas);
    }

    [Fact]
    public void Sync_ScaleUpRateLimit_LargerOfFourPodsAndDouble()
    {
        // 1 pod at 8.0 ⇒ ratio 10 ⇒ 10 wanted; limit max(1 + 4, 1 × 2) = 5.
        var (replicas, reason) = new HpaController(Defaults).Sync(15, 8.0, 1, 0);

        Assert.Equal(5, replicas);
        Assert.Contains("rate-limited to 5", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Sync_ScaleDownRateLimit_PercentPerPeriod()
    {
        // 4 pods at 0.1 ⇒ ⌈0.125 × 4⌉ = 1; 50 % per 15 s ⇒ at least ⌊4 × 0.5⌋ = 2.
        var controller = new HpaController(Defaults with { ScaleDownPercent = 50, ScaleDownStabilization = TimeSpan.Zero, InitialReplicas = 4 });

        Assert.Equal(2, controller.Sync(15, 0.1, 4, 0).Replicas);
    }

    [Fact]
    public void Sync_MetricMissing_NoChange()
    {
        var (replicas, reason) = new HpaController(Defaults).Sync(15, double.NaN, 3, 0);

        Assert.Equal(3, replicas);
        Assert.Contains("metric missing", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Sync_BeyondMaxReplicas_Clamped()
    {
        // ratio 2 × 8 pods = 16 wanted, within rate limits (+100 %), max 10.
        Assert.Equal(10, new HpaController(Defaults with { MaxReplicas = 10 }).Sync(15, 1.6, 8, 0).Replicas);
    }
}
