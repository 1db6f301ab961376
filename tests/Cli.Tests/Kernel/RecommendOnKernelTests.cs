using System.Globalization;
using KernelTruth.Cli.Commands;
using KernelTruth.Cli.Configuration;
using KernelTruth.Cli.Demo;
using KernelTruth.Cli.Tests.Fakes;
using Xunit.Abstractions;

namespace KernelTruth.Cli.Tests.Kernel;

/// <summary>
/// `ktruth recommend` on the real kernel: a bursty workload (30 ms every 100 ms on 1 thread, a
/// demand of 0.3 cores) under a too-low 0.17 limit, observed ~20 s by the command's own code;
/// then its recommended limit is written to the cgroup and the kernel's cpu.stat must show
/// ≤ 3 % of periods throttled. The VPA baseline's target is measured the same way (request taken
/// = limit, ratio 1) and reported, not asserted.
/// </summary>
/// <remarks>
/// Not 0.15: a recommendation raises a throttled workload's limit by at most twice the old one
/// (<see cref="KernelTruth.Models.ModelDefaults.CensoredGrowthCap"/>), and at exactly half the demand the SLO
/// percentile of that bounded step lands just under it (0.299 for 0.3; seen: 70 % throttled there,
/// a second observation takes the next step). It passed at 0.15 only while the request counted
/// throttle wait as demand (0.3 + 15 % = 0.345) and pulled the limit above the step.
/// </remarks>
[Collection(CliKernelCollection.Name)]
public sealed class RecommendOnKernelTests(CliSensorFixture sensor, ITestOutputHelper output)
{
    private const double TooLowLimit = 0.17;
    private const int ObserveSeconds = 20;
    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Recommend_BurstyWorkloadUnderTooLowLimit_RecommendedLimitThrottlesAtMostThreePercent()
    {
        var runtime = sensor.Runtime;
        using var cgroup = DemoCgroup.Create(sensor.Hierarchy, "ktruth-test-" + Guid.NewGuid().ToString("N")[..12]);
        cgroup.SetLimit(TooLowLimit);
        TakeTopWeight(cgroup.Target.CpuDirectory);
        cgroup.Start([.. SelfCommand.Resolve(), "burst", "--burst-ms", "30", "--every-ms", "100", "--threads", "1", "--seconds", "180"], TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromSeconds(2));
        cgroup.EnsureRunning();
        await WaitForAMinuteBoundaryWithinTheObservation();

        var test = new TestEnvironment();
        var runner = new RecommendRunner(test.Env);
        var settings = new RecommendSettings { Cgroup = cgroup.Target.Path, Seconds = ObserveSeconds };
        var observation = await runner.ObserveAsync(settings, cgroup.Target, runtime, CancellationToken.None);
        runner.Print(observation, json: false);
        output.WriteLine(test.Console.ToString());

        var atOld = await MeasureAt(cgroup, TooLowLimit);
        double kernelTruth = observation.Recommendation.Cpu.LimitCores ?? throw new Xunit.Sdk.XunitException("the SLO policy recommended no limit");
        var atKernelTruth = await MeasureAt(cgroup, kernelTruth);
        double baseline = observation.Recommendation.Baseline.Cpu.RequestCores; // ratio 1: limit = baseline target
        var atBaseline = await MeasureAt(cgroup, baseline);
        cgroup.EnsureRunning();

        output.WriteLine("CPU limit given → throttled periods measured by cpu.stat over 10 s:");
        output.WriteLine(Pair("original (too low)", TooLowLimit, atOld));
        output.WriteLine(Pair("kernel-truth limit", kernelTruth, atKernelTruth));
        output.WriteLine(Pair($"VPA baseline target ({observation.Recommendation.Confidence.MinuteSamples} minute sample(s))", baseline, atBaseline));

        Assert.True(atKernelTruth.Periods >= 50, $"only {atKernelTruth.Periods} periods in 10 s: the workload did not run");
        Assert.True(atKernelTruth.Ratio <= 0.03, $"at the recommended limit {kernelTruth:0.000} the kernel throttled {atKernelTruth.Ratio:P1} of {atKernelTruth.Periods} periods (> 3 %)");
        // And it is a tight limit, not "no limit": the workload's demand is 0.3 cores (30 ms per
        // 100 ms), so anything beyond twice that would pass the throttling check without merit.
        Assert.True(kernelTruth <= 0.6, $"the recommended limit {kernelTruth:0.000} is more than twice the 0.3-core demand");
    }

    /// <summary>
    /// `ktruth recommend` as a user runs it, again and again: each run starts its own sensor, so each first
    /// snapshot comes before the cgroup's first period timer has fired (period usage from windows) and the
    /// next ones after (from the period timer). Before the fix the window from the first snapshot to the last
    /// did not subtract and about 2 runs in 5 ended "no intervals"; eight in a row must all recommend.
    /// A three-thread bursty workload (20 ms each every 100 ms, 0.6 cores of demand) under a 0.4 limit.
    /// </summary>
    [Fact]
    public async Task Recommend_ManyRunsInARowEachWithAFreshSensor_EveryRunRecommends()
    {
        using var cgroup = DemoCgroup.Create(sensor.Hierarchy, "ktruth-test-" + Guid.NewGuid().ToString("N")[..12]);
        cgroup.SetLimit(0.4);
        TakeTopWeight(cgroup.Target.CpuDirectory);
        cgroup.Start([.. SelfCommand.Resolve(), "burst", "--burst-ms", "20", "--every-ms", "100", "--threads", "3", "--seconds", "180"], TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromSeconds(1));

        var failures = new List<string>();
        for (int run = 1; run <= 8; run++)
        {
            cgroup.EnsureRunning();
            var test = new TestEnvironment();
            try
            {
                int exit = await new RecommendRunner(test.Env).RunAsync(new RecommendSettings { Cgroup = cgroup.Target.Path, Seconds = 2, Json = true }, CancellationToken.None);
                output.WriteLine($"run {run}: exit {exit}, {test.Out.ToString().Length} characters of JSON");
            }
            catch (CliFailure ex)
            {
                failures.Add($"run {run}: {ex.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>
    /// VPA's baseline takes one metrics-server average per whole minute, emitted when the next
    /// minute's data arrives: start when a minute boundary will fall inside the 20 s observation
    /// (second 41–55 of a minute), so the baseline has a figure to measure. The workload runs meanwhile.
    /// </summary>
    private static async Task WaitForAMinuteBoundaryWithinTheObservation()
    {
        int second = TimeProvider.System.GetUtcNow().Second;
        if (second is < 41 or > 55)
        {
            await Task.Delay(TimeSpan.FromSeconds(((41 - second) + 60) % 60));
        }
    }

    /// <summary>
    /// The largest CPU weight: on a shared machine other load would otherwise add contention that the
    /// limit cannot fix and the before/after throttling comparison would measure the neighbours.
    /// </summary>
    internal static void TakeTopWeight(string cpuDirectory)
    {
        string shares = Path.Join(cpuDirectory, "cpu.shares");
        File.WriteAllText(File.Exists(shares) ? shares : Path.Join(cpuDirectory, "cpu.weight"), File.Exists(shares) ? "262144" : "10000");
    }

    private static async Task<(double Ratio, ulong Periods)> MeasureAt(DemoCgroup cgroup, double limit)
    {
        cgroup.SetLimit(limit);
        await Task.Delay(Settle);
        var a = KernelCpuStat.Read(cgroup.Target.CpuDirectory);
        await Task.Delay(Measure);
        var b = KernelCpuStat.Read(cgroup.Target.CpuDirectory);
        return KernelCpuStat.Between(a, b);
    }

    private static string Pair(string what, double limit, (double Ratio, ulong Periods) measured) =>
        string.Create(CultureInfo.InvariantCulture, $"  {what,-45} {limit:0.000} CPU → {measured.Ratio:P1} of {measured.Periods} periods throttled");
}
