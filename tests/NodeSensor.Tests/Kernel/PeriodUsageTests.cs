using KernelTruth.Contracts.Snapshot;
using Xunit.Abstractions;

namespace KernelTruth.NodeSensor.Tests.Kernel;

/// <summary>CPU per period, checked against the quota, nr_periods and cpuacct.usage.</summary>
[Collection(KernelCollection.Name)]
public sealed class PeriodUsageTests(SensorFixture sensor, ITestOutputHelper output)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(3);

    [Fact]
    public void PeriodUsage_BusyLoopUnder20msQuota_PeriodsMatchNrPeriodsAndNoneExceedsQuotaPlusSlack()
    {
        const double quotaNs = 20_000_000;
        using var cg = TestCgroup.Create(quotaUs: 20_000);
        cg.Run("stress-ng --cpu 1 --timeout 120s -q");
        KernelAssert.WaitForTasks(cg, 2);
        (ulong Count, ulong SumNs, double MaxBucketLowerBoundNs) delta;

        // The kernel lets a CPU overrun its runtime until the next tick notices: one tick of
        // slack per CPU the group runs on (one here). At HZ=250 that is 4 ms → limit 24 ms. A tick
        // comes late while the hypervisor steals the vCPU (seen: 24.58 ms with ~9 % stolen), so a
        // window that breaks the bound while over 2 % of the CPUs were stolen is measured again.
        double slackNs = 1e9 / ProcTasks.KernelHz();
        for (int attempt = 1; ; attempt++)
        {
            double steal0 = HostSteal.Seconds();
            var s0 = sensor.Read(cg.Id);
            var k0 = cg.CpuStat();
            KernelAssert.RunFor(Window);
            var s1 = sensor.Read(cg.Id);
            var k1 = cg.CpuStat();
            double stolen = HostSteal.ShareSince(steal0, Window);

            Assert.Equal("period-timer", s1.Sched.PeriodUsage.Source);
            delta = Delta(s0.Sched.PeriodUsage, s1.Sched.PeriodUsage);
            KernelAssert.Within(k1["nr_periods"] - k0["nr_periods"], delta.Count, 0.05, "periods seen vs nr_periods", output);

            double maxLowerBound = delta.MaxBucketLowerBoundNs;
            output.WriteLine($"largest period usage bucket starts at {maxLowerBound / 1e6:N2} ms; quota 20 ms, slack {slackNs / 1e6:N1} ms; {stolen:P1} of the CPUs stolen (attempt {attempt})");
            if (maxLowerBound <= quotaNs + slackNs || stolen <= 0.02 || attempt == 3)
            {
                Assert.True(maxLowerBound <= quotaNs + slackNs, $"a period used ≥ {maxLowerBound / 1e6:N2} ms with a 20 ms quota (slack {slackNs / 1e6:N1} ms)");
                break;
            }
        }

        // A busy loop takes its whole quota every period: the mean is the quota, within 10 %.
        KernelAssert.Within(quotaNs, delta.SumNs / delta.Count, 0.10, "mean usage per period vs quota", output);
    }

    [Fact]
    public void PeriodUsage_UnlimitedHalfLoad_WindowsAddUpToCpuacctUsage()
    {
        using var cg = TestCgroup.Create();
        // 20 ms busy slices, so every 100 ms window has CPU use: left to choose, stress-ng picks
        // slices by its speed, and in the QEMU guest of tests/vm only 14 of 30 windows had any.
        cg.Run("stress-ng --cpu 1 --cpu-load 50 --cpu-load-slice 20 --timeout 120s -q");
        KernelAssert.WaitForTasks(cg, 2);
        KernelAssert.RunFor(TimeSpan.FromSeconds(1)); // windows are folded 2 windows late: start from a settled state

        var (s0, k0) = sensor.ReadWith(cg.Id, () => cg.CpuacctUsageNs());
        KernelAssert.RunFor(Window);
        var (s1, k1) = sensor.ReadWith(cg.Id, () => cg.CpuacctUsageNs());

        Assert.Equal("window", s1.Sched.PeriodUsage.Source);
        var delta = Delta(s0.Sched.PeriodUsage, s1.Sched.PeriodUsage);
        // 3 s of 100 ms windows = 30, each with CPU use; folding lags 2 windows at both ends.
        output.WriteLine($"{delta.Count} windows folded over 3 s");
        Assert.InRange(delta.Count, 27UL, 33UL);
        KernelAssert.Within(k1 - k0, delta.SumNs, 0.05, "sum of window usage vs cpuacct.usage", output);
    }

    private static (ulong Count, ulong SumNs, double MaxBucketLowerBoundNs) Delta(PeriodUsage before, PeriodUsage after)
    {
        double maxLower = 0;
        for (int i = 0; i < after.Buckets.Count; i++)
        {
            ulong old = i < before.Buckets.Count ? before.Buckets[i] : 0;
            if (after.Buckets[i] > old)
            {
                maxLower = i == 0 ? 0 : after.BucketBoundsNs[i - 1];
            }
        }

        return (after.Count - before.Count, after.SumNs - before.SumNs, maxLower);
    }
}
