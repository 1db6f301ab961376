using KernelTruth.NodeSensor.Sampling;

namespace KernelTruth.NodeSensor.Tests.Sampling;

public sealed class StartupSettleTests
{
    private const ulong Ms = 1_000_000;

    /// <summary>Samples every 200 ms from exec at t = 0 of a process using <paramref name="cores"/>(t) cores.</summary>
    private static List<UsagePoint> Sampled(Func<double, double> cores, int samples)
    {
        var points = new List<UsagePoint>();
        double usage = 0;
        for (int i = 0; i <= samples; i++)
        {
            points.Add(new UsagePoint((ulong)i * 200 * Ms, (ulong)usage, 0));
            usage += cores(i * 0.2) * 200 * Ms;
        }

        return points;
    }

    [Fact]
    public void Find_SpinThenIdle_SettlesAtTheFirstSampleAfterTheSpin()
    {
        // Spins 0.6 s (1 core), idles after; W = 1 s. At s = 0.4 s: rates 0.2 and 0 (differ by
        // 0.2 > 0.05); at s = 0.6 s: 0 and 0.
        var samples = Sampled(t => t < 0.6 - 1e-9 ? 1 : 0, 20);

        Assert.Equal(600 * Ms, StartupSettle.Find(samples, 0, 1000 * Ms));
    }

    [Fact]
    public void Find_SteadyFromTheStart_SettlesAtTheFirstSample()
    {
        var samples = Sampled(_ => 0.5, 20);

        Assert.Equal(0UL, StartupSettle.Find(samples, 0, 1000 * Ms));
    }

    [Fact]
    public void Find_RisingWithinEveryStretch_NeverSettles()
    {
        // Rate 0.5 t cores: consecutive 1 s stretches from s differ by 0.5 cores; the tolerance is
        // 20 % of the larger, 0.1 × (s + 1.5) ≤ 0.35 for every s ≤ 2 s that 4 s of samples allow.
        var samples = Sampled(t => 0.5 * t, 20);

        Assert.Null(StartupSettle.Find(samples, 0, 1000 * Ms));
    }

    [Fact]
    public void Find_SamplesShorterThanTwoStretches_Null()
    {
        var samples = Sampled(_ => 0, 5); // 1 s of samples, W = 1 s needs 2 s

        Assert.Null(StartupSettle.Find(samples, 0, 1000 * Ms));
    }

    [Fact]
    public void UsageAt_BetweenSamples_Linear()
    {
        // 100 ms at 1 s and 300 ms at 2 s → 250 ms at 1.75 s.
        var samples = new List<UsagePoint> { new(1000 * Ms, 100 * Ms, 0), new(2000 * Ms, 300 * Ms, 0) };

        Assert.Equal(250.0 * Ms, StartupSettle.UsageAt(samples, 1750 * Ms, p => p.UsageNs), 3);
    }
}
