using KernelTruth.Simulations.Hpa;
using KernelTruth.Simulations.Replay;

namespace KernelTruth.Simulations.Tests.Hpa;

public sealed class HpaReplayTests
{
    private static DemandSeries Constant(double cores, double seconds, int cpus = 8)
    {
        int n = (int)Math.Round(seconds / 0.1);
        return new DemandSeries(0.1, Enumerable.Repeat(cores * 0.1, n).ToArray(), cpus, CensoringInfo.None(n));
    }

    [Fact]
    public void Run_WorkedExample_ScalesToTwoAfterStartDelay()
    {
        // 1.6 cores on 1 pod, request 1, target 0.8, no limit. Sync at 15 s: ratio 2 ⇒ 2 pods; the
        // second takes load at 45 s; later syncs: starting pod counted as 0 (ratio 2 × 1/2 = 1) and
        // then 0.8 per pod ⇒ within tolerance. Replica-seconds: 1 × 15 + 2 × 285 = 585 ⇒ 0.1625 h.
        var result = HpaReplay.Run(Constant(1.6, 300), new HpaSettings { Target = 0.8, RequestCores = 1 });

        Assert.Equal(2, result.MaxReplicas);
        Assert.Equal(2, result.Steps[^1].Replicas);
        Assert.Equal(2, result.Steps[^1].ReadyReplicas);
        Assert.Equal(0.8, result.Steps[^1].Metric, 6);
        Assert.Equal(585.0 / 3600, result.ReplicaHours, 6);
    }

    [Fact]
    public void Run_WorkedExample_FirstMinuteUnderProvisioned()
    {
        // 1.6 cores: minute 1 needs 96 core-seconds and has 1 pod × 45 s + 2 × 15 s = 75 ⇒ under-provisioned;
        // minutes 2–5 have 120 ≥ 96.
        var result = HpaReplay.Run(Constant(1.6, 300), new HpaSettings { Target = 0.8, RequestCores = 1 });

        Assert.Equal(1, result.UnderProvisionedMinutes);
    }

    [Fact]
    public void Run_ForecastAboveDemand_ScalesForTheForecast()
    {
        // Demand 1.6 on 1 pod, the forecast 3.2 cores: at the 15 s sync metric = max(1.6, 3.2 / 1) = 3.2 ⇒ ratio 4 ⇒ 4 pods,
        // where demand utilization asks for 2.
        var settings = new HpaSettings { Target = 0.8, RequestCores = 1, Signal = HpaSignal.Forecast };

        var result = HpaReplay.Run(Constant(1.6, 20), settings, _ => 3.2);

        Assert.Equal(3.2, result.Steps[0].Metric, 9);
        Assert.Equal(4, result.Steps[0].Replicas);
    }

    [Fact]
    public void Run_ForecastUnsureOrBelowDemand_ReactiveValue()
    {
        // NaN (unsure) and 0.5 cores (below the 1.6 measured) both leave the demand utilization: 1.6 ⇒ 2 pods.
        var settings = new HpaSettings { Target = 0.8, RequestCores = 1, Signal = HpaSignal.Forecast };

        var unsure = HpaReplay.Run(Constant(1.6, 20), settings, _ => double.NaN);
        var below = HpaReplay.Run(Constant(1.6, 20), settings, _ => 0.5);

        Assert.Equal(1.6, unsure.Steps[0].Metric, 6);
        Assert.Equal(1.6, below.Steps[0].Metric, 6);
        Assert.Equal(2, below.Steps[0].Replicas);
    }

    [Fact]
    public void Run_LimitCapsUsage_CpuAverageStaysButDemandAndThrottledSignalsScale()
    {
        // Demand 1.6 cores, limit 1 core, request 1, target 1.0: metrics-server sees ≈ 1.02 (the limit
        // plus the tick overrun) ⇒ within tolerance ⇒ 1 pod, throttled every period. Demand
        // utilization sees 1.6 ⇒ 2 pods; the throttled ratio (target 5 %) sees ~100 % ⇒ scales too.
        var demand = Constant(1.6, 300);
        var baseSettings = new HpaSettings { Target = 1.0, RequestCores = 1, LimitCores = 1 };

        var cpu = HpaReplay.Run(demand, baseSettings);
        var byDemand = HpaReplay.Run(demand, baseSettings with { Signal = HpaSignal.DemandUtilization });
        var byThrottling = HpaReplay.Run(demand, baseSettings with { Signal = HpaSignal.ThrottledRatio, Target = 0.05 });

        Assert.Equal(1, cpu.MaxReplicas);
        Assert.True(cpu.ThrottledPeriodsRatio > 0.95, $"throttled {cpu.ThrottledPeriodsRatio}");
        Assert.Equal(2, byDemand.Steps[^1].Replicas);
        Assert.True(byDemand.ThrottledPeriodsRatio < cpu.ThrottledPeriodsRatio / 2, $"{byDemand.ThrottledPeriodsRatio} vs {cpu.ThrottledPeriodsRatio}");
        Assert.True(byThrottling.Steps[^1].Replicas >= 2);
    }

    [Fact]
    public void Run_GapCoversWholeWindow_SyncCountedAsMissingAndReplicasHeld()
    {
        var arrivals = Enumerable.Repeat(0.16, 3000).ToArray();
        Array.Fill(arrivals, double.NaN, 600, 1200); // 60 s – 180 s unknown
        var demand = new DemandSeries(0.1, arrivals, 8, CensoringInfo.None(1800));

        var result = HpaReplay.Run(demand, new HpaSettings { Target = 0.8, RequestCores = 1 });

        Assert.True(result.MissingMetricSyncs >= 4, $"{result.MissingMetricSyncs} syncs without metrics");
        Assert.All(result.Steps.Where(s => double.IsNaN(s.Metric)), s => Assert.Contains("metric missing", s.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Run_InvalidSettings_EveryErrorNamed()
    {
        var ex = Assert.Throws<ArgumentException>(() => HpaReplay.Run(Constant(1, 60), new HpaSettings { Target = 0, MinReplicas = 3, MaxReplicas = 2 }));

        Assert.Contains("target 0 must be > 0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("minReplicas 3 / maxReplicas 2", ex.Message, StringComparison.Ordinal);
    }
}
