using System.Globalization;
using KernelTruth.Simulations.Replay;
using KernelTruth.Simulations.Trace;
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
/// bound is 10 pp. Observed for the multi-threaded burst: +4.2, +5.7 pp over two runs. A prediction
/// marked loop-dependent (the steady loop at half its demand) is held to being an upper bound.
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
    internal static readonly TimeSpan Recording = TimeSpan.FromSeconds(24);

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
        var atGenerous = await kernel.Recorder.RecordAsync(workload, generous, Recording, output);
        var atHigher = await kernel.Recorder.RecordAsync(workload, higher, Recording, output);
        var atLower = await kernel.Recorder.RecordAsync(workload, lower, Recording, output);

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
                $"{shape}: {what}: predicted {p.ThrottledPeriodsRatio * 100:0.0}% measured {measured * 100:0.0}% error {(p.ThrottledPeriodsRatio - measured) * 100:+0.0;-0.0} pp (confidence {p.Confidence:0.00}{(p.Extrapolated ? ", extrapolated" : "")}, held back {p.HeldBackArrivalShare:P0}{(p.LoopDependent ? ", loop-dependent" : "")})"));
        }

        // Where the limit stays above the demand, the replay stands by its answer: it is not marked
        // loop-dependent (that would excuse any error). 10 % above: the bursty shapes' 0.2 to 0.4 cores.
        double demand = atGenerous.Periods.Sum(p => p.UsageUs) / (atGenerous.PeriodCount * (double)atGenerous.PeriodUs);
        Assert.All(pairs.Take(2).Where(p => p.Predicted.LimitCores >= 1.1 * demand), p =>
            Assert.False(p.Predicted.LoopDependent, $"{shape}: {p.What}: {p.Predicted.LimitCores} cores is above the demand {demand:0.000}, yet the answer is marked loop-dependent ({p.Predicted.HeldBackArrivalShare:P0} held back)"));

        // A loop-dependent answer (the limit at or below the demand) is an upper bound: `ktruth burst`
        // skips the slots it misses, so below its demand it does less work than the replay keeps
        // arriving (the steady loop at 0.3: 94.6–100 % against the replay's 100 %).
        Assert.All(pairs, p =>
        {
            double bound = p.Predicted.Extrapolated ? MaxExtrapolatedErrorPp : MaxErrorPp;
            double error = (p.Predicted.ThrottledPeriodsRatio - p.Measured) * 100;
            Assert.True(Math.Abs(error) <= bound || (p.Predicted.LoopDependent && error >= -bound),
                $"{shape}: {p.What}: predicted {p.Predicted.ThrottledPeriodsRatio:P1}{(p.Predicted.LoopDependent ? " (loop-dependent)" : "")}, kernel measured {p.Measured:P1}: more than {bound} pp apart");
        });

        // Above a throttled recording's limit the engine must say the answer rests on reconstruction.
        var upwards = pairs[3].Predicted;
        if (Measured(atLower) > 0.05)
        {
            Assert.True(upwards.Extrapolated && upwards.Confidence < 1, $"{shape}: prediction above a throttled recording's limit is not marked extrapolated (confidence {upwards.Confidence})");
        }
    }

    private static double Predict(CgroupTrace recorded, double limit) => LimitEffect.Predict(recorded, limit).ThrottledPeriodsRatio;

    private static double Measured(CgroupTrace recorded) => WorkloadRecorder.Measured(recorded);
}
