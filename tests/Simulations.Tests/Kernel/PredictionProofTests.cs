using System.Globalization;
using KernelTruth.Cli.Commands;
using KernelTruth.Cli.Observing;
using KernelTruth.Cli.Recording;
using KernelTruth.NodeSensor.Tests.Kernel;
using KernelTruth.Simulations.Replay;
using KernelTruth.Simulations.Trace;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;
using Xunit.Abstractions;

namespace KernelTruth.Simulations.Tests.Kernel;

/// <summary>
/// Goal 3 on the real kernel: record a workload, predict nr_throttled/nr_periods at other limits,
/// run it at those limits and compare with cpu.stat. Each shape is run at a generous limit and at
/// two lower ones, every run recorded; predictions are made from the generous recording (demand
/// fully seen) and from each throttled recording for the other lower limit (censored demand, one
/// prediction downwards, one upwards). Every pair is printed; |error| ≤ 5 pp each, except a
/// prediction above the limit a throttled recording was made at: there the demand the quota hid is
/// reconstructed (an upper estimate), the engine says so (Extrapolated, confidence &lt; 1), and the
/// bound is 10 pp. Observed for the multi-threaded burst: +4.2, +5.7 pp over two runs.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class PredictionProofTests(KernelFixture kernel, ITestOutputHelper output)
{
    private const double MaxErrorPp = 5.0;
    private const double MaxExtrapolatedErrorPp = 10.0;
    // 240 periods. Two runs of one workload at one limit line their bursts up with the period timer
    // differently, so their nr_throttled/nr_periods differ by chance; over 120 periods that chance
    // alone moved the multi-threaded burst's error at 0.25 cores between −0.7 and −5.2 pp (6 runs,
    // one failed CI). Chunks of 240 periods of one long recording agree within ±1 pp.
    private static readonly TimeSpan Recording = TimeSpan.FromSeconds(24);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1.5);
    private const double MaxStealShare = 0.05; // the bursty shapes stayed within 1.5 pp at 4.7 % stolen
    private const int MaxRepeats = 8;
    private static int _repeats;

    public static TheoryData<string, string, double, double, double> Shapes => new()
    {
        // name, `ktruth burst` arguments, generous, higher and lower test limits (cores)
        // Lower limit 0.3, not 0.5: the loop wants 0.6 cores, and a period stays unthrottled when the
        // hypervisor steals the CPU the quota would have let it use: at 0.5 that is half a period
        // (seen: 93.8 % throttled with 5 % of the CPUs stolen, 98-100 % otherwise); at 0.3, 70 %.
        { "steady", "--burst-ms 6 --every-ms 10 --threads 1", 2.0, 0.65, 0.3 },
        // Not 40 ms at 0.2: a burst of exactly twice the quota is knife-edge (its second period is
        // throttled or not by the ~1 ms of extra CPU a burst needs under throttling; seen −6.8 pp).
        { "bursty single-threaded", "--burst-ms 35 --every-ms 230 --threads 1", 2.0, 0.3, 0.2 },
        // Not 0.3: 4 × 15 ms is exactly twice its quota, the same knife-edge (seen −8 pp).
        { "bursty multi-threaded", "--burst-ms 15 --every-ms 270 --threads 4", 2.0, 0.4, 0.25 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Predict_LowerLimits_MatchKernelWithin5pp(string shape, string workload, double generous, double higher, double lower)
    {
        _ = kernel.Runtime;
        var atGenerous = await RunAndRecordAsync(workload, generous);
        var atHigher = await RunAndRecordAsync(workload, higher);
        var atLower = await RunAndRecordAsync(workload, lower);

        var pairs = new List<(string What, LimitPrediction Predicted, double Measured)>
        {
            ($"from {generous} (unthrottled) → {higher}", LimitEffect.Predict(atGenerous, higher), Measured(atHigher)),
            ($"from {generous} (unthrottled) → {lower}", LimitEffect.Predict(atGenerous, lower), Measured(atLower)),
            ($"from {higher} (censored {Measured(atHigher):P0}) → {lower}", LimitEffect.Predict(atHigher, lower), Measured(atLower)),
            ($"from {lower} (censored {Measured(atLower):P0}) → {higher}", LimitEffect.Predict(atLower, higher), Measured(atHigher)),
        };
        foreach (var run in new[] { (generous, atGenerous), (higher, atHigher), (lower, atLower) })
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{shape}: self-check at recorded limit {run.Item1}: replay {Predict(run.Item2, run.Item1):P1} vs kernel {Measured(run.Item2):P1} ({run.Item2.Summary!.NrThrottled}/{run.Item2.Summary.NrPeriods} periods, trace {run.Item2.PeriodCount} periods)"));
        }

        foreach (var (what, p, measured) in pairs)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{shape}: {what}: predicted {p.ThrottledPeriodsRatio * 100:0.0}% measured {measured * 100:0.0}% error {(p.ThrottledPeriodsRatio - measured) * 100:+0.0;-0.0} pp (confidence {p.Confidence:0.00}{(p.Extrapolated ? ", extrapolated" : "")})"));
        }

        Assert.All(pairs, p =>
        {
            double bound = p.Predicted.Extrapolated ? MaxExtrapolatedErrorPp : MaxErrorPp;
            Assert.True(Math.Abs(p.Predicted.ThrottledPeriodsRatio - p.Measured) * 100 <= bound,
                $"{shape}: {p.What}: predicted {p.Predicted.ThrottledPeriodsRatio:P1}, kernel measured {p.Measured:P1}: more than {bound} pp apart");
        });

        // Above a throttled recording's limit the engine must say the answer rests on reconstruction.
        var upwards = pairs[3].Predicted;
        if (Measured(atLower) > 0.05)
        {
            Assert.True(upwards.Extrapolated && upwards.Confidence < 1, $"{shape}: prediction above a throttled recording's limit is not marked extrapolated (confidence {upwards.Confidence})");
        }
    }

    private static double Predict(CgroupTrace recorded, double limit) => LimitEffect.Predict(recorded, limit).ThrottledPeriodsRatio;

    private static double Measured(CgroupTrace recorded) =>
        recorded.Summary is { NrPeriods: > 0 } s ? (double)s.NrThrottled / s.NrPeriods : throw new Xunit.Sdk.XunitException($"{recorded.Path}: cpu.stat counted no periods");

    /// <summary>
    /// Runs the workload at <paramref name="limit"/> and records it (<see cref="RecordOnceAsync"/>),
    /// again when the hypervisor took more than <see cref="MaxStealShare"/> of the machine's CPU
    /// meanwhile: a stolen vCPU runs nothing, so the workload loses CPU the quota never took, and the
    /// run measures the host, not the quota (seen: 29.5 % stolen during one 24 s run, and a
    /// prediction 34 pp off from it). The least-stolen attempt is kept. Repeats are capped per test
    /// run (<see cref="MaxRepeats"/>) so a host stealing all the time cannot push CI past its time.
    /// Each run says how much was stolen.
    /// </summary>
    private async Task<CgroupTrace> RunAndRecordAsync(string workload, double limit)
    {
        (CgroupTrace Trace, double Stolen)? best = null;
        for (int attempt = 1; ; attempt++)
        {
            double stealBefore = HostSteal.Seconds();
            var trace = await RecordOnceAsync(workload, limit);
            double stolen = HostSteal.ShareSince(stealBefore, Recording);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run at {limit}: {stolen:P2} of the CPUs stolen by the hypervisor (attempt {attempt})"));
            if (best is null || stolen < best.Value.Stolen)
            {
                best = (trace, stolen);
            }

            if (best.Value.Stolen <= MaxStealShare || Interlocked.Increment(ref _repeats) > MaxRepeats)
            {
                return best.Value.Trace;
            }
        }
    }

    /// <summary>Runs the workload in a fresh cgroup at <paramref name="limit"/> and records it as `ktruth record` does.</summary>
    private async Task<CgroupTrace> RecordOnceAsync(string workload, double limit)
    {
        using var cgroup = TestCgroup.Create(quotaUs: (long)Math.Round(limit * 100_000), periodUs: 100_000);

        // TestCgroup gives the cgroup the largest CPU weight: neighbours (other builds on a shared
        // machine) would otherwise reshape the workload's per-period usage between the recording and
        // the runs it predicts, and the proof is about the quota, not contention.
        string ktruth = Path.Join(AppContext.BaseDirectory, "ktruth");
        Assert.True(File.Exists(ktruth), $"{ktruth} is missing: the test project references the CLI so the build copies it here");
        // Runs on past the recording (the cgroup's disposal stops it) so a slow start of the
        // recorder cannot leave idle periods at its end.
        double seconds = (WarmUp + Recording).TotalSeconds + 10;
        cgroup.Run($"{ktruth} burst {workload} --seconds {seconds.ToString(CultureInfo.InvariantCulture)}");
        await Task.Delay(WarmUp);

        var env = new CliEnvironment(AnsiConsole.Console, TextWriter.Null, new StringWriter(), TimeProvider.System, NullLoggerFactory.Instance);
        var target = CgroupTarget.Resolve(cgroup.RelativePath, cgroup.Hierarchy);
        var trace = await new RecordRunner(env).RecordAsync([target], kernel.Runtime, cgroup.Hierarchy, Recording, CancellationToken.None);
        return Assert.Single(trace.Cgroups);
    }
}
