using System.Globalization;
using KernelTruth.Cli.Commands;
using KernelTruth.Cli.Configuration;
using KernelTruth.Cli.Demo;
using KernelTruth.Cli.Observing;
using KernelTruth.Cli.Tests.Fakes;
using KernelTruth.NodeSensor.KernelFiles;
using Xunit.Abstractions;

namespace KernelTruth.Cli.Tests.Kernel;

/// <summary>
/// The CPU request of a workload first seen throttled, on the real kernel: a bursty workload wanting
/// 0.42 cores starts under a 0.4–0.41-core limit (most of its periods throttled) and `ktruth recommend`'s
/// own code observes it until a minute has finished; then the limit is lifted and what it uses is
/// measured. The request must land within 15 % of that unthrottled demand, for one thread and for
/// three. Counting throttle wait as demand put it 1.9 × (one thread) and 2.1 × (three) above: several
/// threads waiting at once, and a thread waiting out the rest of a period for a little work, add up
/// far more wait than work, and the work deferred is done in the periods after.
/// </summary>
/// <remarks>
/// <para>The unthrottled demand is averaged over 2 windows of 6 s rather than taken as the p90 of whole
/// minutes (which would need ten minutes): the workload is a fixed burst every 150 ms, so its minutes
/// are all alike and their p90 is their mean; the windows' spread is printed to show it.</para>
/// <para>The single thread starts at 0.41, not 0.4: `ktruth burst` skips the slots a thread missed
/// while it was throttled (a closed loop), and that work never shows up anywhere a recommender could
/// see it (the what-if replay's loop dependence); at 0.4 up to one 63 ms burst in four is skipped,
/// depending on how the slots line up with the period timer (seen: usage 0.316–0.368, a request of
/// 0.87–1.01 × the demand); at 0.41 few are, and the test measures what it is about: the request of a
/// workload whose deferred work is done later.</para>
/// </remarks>
[Collection(CliKernelCollection.Name)]
public sealed class RequestUnderThrottlingOnKernelTests(CliSensorFixture sensor, ITestOutputHelper output)
{
    private const double MaxRelativeError = 0.15;
    private const int Windows = 2;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    [Theory]
    [InlineData("single-threaded", 63, 150, 1, 0.41)] // 0.42 cores: one 63 ms burst every 150 ms
    [InlineData("three-threaded", 21, 150, 3, 0.4)] // 0.42 cores: three 21 ms bursts together every 150 ms
    public async Task Recommend_ThrottledStart_RequestWithin15PercentOfUnthrottledDemand(string shape, int burstMs, int everyMs, int threads, double throttledLimit)
    {
        var runtime = sensor.Runtime;
        using var cgroup = DemoCgroup.Create(sensor.Hierarchy, "ktruth-test-" + Guid.NewGuid().ToString("N")[..12]);
        cgroup.SetLimit(throttledLimit);
        RecommendOnKernelTests.TakeTopWeight(cgroup.Target.CpuDirectory);
        cgroup.Start([.. SelfCommand.Resolve(), "burst", "--burst-ms", Text(burstMs), "--every-ms", Text(everyMs), "--threads", Text(threads), "--seconds", "180"], TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromSeconds(1));
        cgroup.EnsureRunning();

        // Until one minute has finished (the request's basis): at most 61 s from here.
        var test = new TestEnvironment();
        var settings = new RecommendSettings { Cgroup = cgroup.Target.Path, Seconds = 5 };
        // The observer as `ktruth recommend` runs it, but on until a baseline minute exists.
        var observer = new CgroupObserver(runtime, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var plan = new ObservationPlan(settings.SampleInterval, TimeSpan.FromSeconds(settings.Seconds), UntilBaselineMinute: true, MaxDuration: TimeSpan.FromSeconds(75));
        var observation = await observer.ObserveAsync(cgroup.Target, plan, settings.ToPolicy(), null, CancellationToken.None);
        new RecommendRunner(test.Env).Print(observation, json: false);
        output.WriteLine(test.Console.ToString());
        double request = observation.Recommendation.Cpu.RequestCores;
        double throttledRatio = observation.Window.ThrottledPeriodsRatio;

        cgroup.SetLimit(null);
        await Task.Delay(Settle);
        var windows = new List<double>();
        for (int w = 0; w < Windows; w++)
        {
            windows.Add(await UsageCoresOver(cgroup, Window));
        }

        cgroup.EnsureRunning();
        double unthrottled = windows.Average();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{shape}: observed {observation.Window.Seconds:0} s at {throttledLimit} cores ({throttledRatio:P0} of periods throttled, usage {observation.Window.UsageCores:0.000}); request {request:0.000} cores (baseline VPA {observation.Recommendation.Baseline.Cpu.RequestCores:0.000}); unthrottled {unthrottled:0.000} cores (windows {string.Join(", ", windows.Select(x => x.ToString("0.000", CultureInfo.InvariantCulture)))}); request / unthrottled = {request / unthrottled:0.00}"));

        Assert.True(throttledRatio >= 0.3, $"{shape}: only {throttledRatio:P0} of periods were throttled at {throttledLimit}: the start was not throttled, the test proves nothing");
        Assert.True(Math.Abs((request / unthrottled) - 1) <= MaxRelativeError,
            $"{shape}: request {request:0.000} cores is {request / unthrottled:0.00} × the {unthrottled:0.000} cores the workload uses once the limit is lifted (allowed 1 ± {MaxRelativeError})");
    }

    /// <summary>Mean cores the cgroup used over <paramref name="window"/>, from the kernel's cpuacct.usage / usage_usec.</summary>
    private async Task<double> UsageCoresOver(DemoCgroup cgroup, TimeSpan window)
    {
        ulong before = CpuStatReader.Read(sensor.Hierarchy, cgroup.Target.Path).UsageNs ?? throw new Xunit.Sdk.XunitException("the kernel reports no CPU usage for the test cgroup");
        await Task.Delay(window);
        ulong after = CpuStatReader.Read(sensor.Hierarchy, cgroup.Target.Path).UsageNs ?? 0;
        return (after - before) / 1e9 / window.TotalSeconds;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
