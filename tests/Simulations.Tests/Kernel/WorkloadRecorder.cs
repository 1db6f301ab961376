using System.Collections.Concurrent;
using System.Globalization;
using KernelTruth.Cli.Commands;
using KernelTruth.Cli.Observing;
using KernelTruth.Cli.Recording;
using KernelTruth.NodeSensor.Tests.Kernel;
using KernelTruth.Simulations.Trace;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;
using Xunit.Abstractions;

namespace KernelTruth.Simulations.Tests.Kernel;

/// <summary>
/// Runs `ktruth burst` in a fresh cgroup at a limit and records it as `ktruth record` does, for the
/// kernel proofs of the replay. One per test run (in <see cref="KernelFixture"/>): recordings of the same
/// workload at the same limit and length are made once and shared between proofs.
/// </summary>
internal sealed class WorkloadRecorder(KernelFixture kernel)
{
    /// <summary>Warm-up before the recording starts: the workload's first bursts and JIT.</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1.5);

    /// <summary>The bursty shapes stayed within 1.5 pp at 4.7 % stolen.</summary>
    private const double MaxStealShare = 0.05;

    /// <summary>Repeats for steal over the whole test run, so a host stealing all the time cannot push CI past its time.</summary>
    private const int MaxRepeats = 10;

    private readonly ConcurrentDictionary<(string, string?, double, TimeSpan, int), CgroupTrace> _made = new();
    private int _repeats;

    /// <summary>
    /// The workload run at <paramref name="limit"/> and recorded for <paramref name="recording"/>, again
    /// when the hypervisor took more than <see cref="MaxStealShare"/> of the machine's CPU meanwhile: a
    /// stolen vCPU runs nothing, so the workload loses CPU the quota never took, and the run measures
    /// the host, not the quota (seen: 29.5 % stolen during one 24 s run, and a prediction 34 pp off from
    /// it). The least-stolen attempt is kept. Each run says how much was stolen.
    /// </summary>
    /// <param name="repeat">0 for the recording every proof shares; another number for a separate run of the same.</param>
    /// <param name="cpuList">Run the workload on these CPUs only (taskset -c), e.g. "0"; null: anywhere.</param>
    public async Task<CgroupTrace> RecordAsync(string workload, double limit, TimeSpan recording, ITestOutputHelper output, int repeat = 0, string? cpuList = null)
    {

        if (_made.TryGetValue((workload, cpuList, limit, recording, repeat), out var made))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run at {limit}: the recording made earlier in this test run"));
            return made;
        }

        (CgroupTrace Trace, double Stolen)? best = null;
        for (int attempt = 1; ; attempt++)
        {
            double stealBefore = HostSteal.Seconds();
            var trace = await RecordOnceAsync(workload, cpuList, limit, recording);
            double stolen = HostSteal.ShareSince(stealBefore, recording);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run at {limit}: {stolen:P2} of the CPUs stolen by the hypervisor (attempt {attempt})"));
            if (best is null || stolen < best.Value.Stolen)
            {
                best = (trace, stolen);
            }

            if (best.Value.Stolen <= MaxStealShare || Interlocked.Increment(ref _repeats) > MaxRepeats)
            {
                _made[(workload, cpuList, limit, recording, repeat)] = best.Value.Trace;
                return best.Value.Trace;
            }
        }
    }

    /// <summary>What the kernel counted over a recording: nr_throttled / nr_periods from cpu.stat.</summary>
    public static double Measured(CgroupTrace recorded) =>
        recorded.Summary is { NrPeriods: > 0 } s ? (double)s.NrThrottled / s.NrPeriods : throw new Xunit.Sdk.XunitException($"{recorded.Path}: cpu.stat counted no periods");

    private async Task<CgroupTrace> RecordOnceAsync(string workload, string? cpuList, double limit, TimeSpan recording)
    {
        string launcher = cpuList is null ? "" : $"taskset -c {cpuList} ";
        // TestCgroup gives the cgroup the largest CPU weight: neighbours (other builds on a shared
        // machine) would otherwise reshape the workload's per-period usage between the recording and
        // the runs it predicts, and the proofs are about the quota, not contention.
        using var cgroup = TestCgroup.Create(quotaUs: (long)Math.Round(limit * 100_000), periodUs: 100_000);
        string ktruth = Path.Join(AppContext.BaseDirectory, "ktruth");
        Assert.True(File.Exists(ktruth), $"{ktruth} is missing: the test project references the CLI so the build copies it here");
        // Runs on past the recording (the cgroup's disposal stops it) so a slow start of the
        // recorder cannot leave idle periods at its end.
        double seconds = (WarmUp + recording).TotalSeconds + 10;
        cgroup.Run($"{launcher}{ktruth} burst {workload} --seconds {seconds.ToString(CultureInfo.InvariantCulture)}");
        await Task.Delay(WarmUp);

        var env = new CliEnvironment(AnsiConsole.Console, TextWriter.Null, new StringWriter(), TimeProvider.System, NullLoggerFactory.Instance);
        var target = CgroupTarget.Resolve(cgroup.RelativePath, cgroup.Hierarchy);
        var trace = await new RecordRunner(env).RecordAsync([target], kernel.Runtime, cgroup.Hierarchy, recording, CancellationToken.None);
        return Assert.Single(trace.Cgroups);
    }
}
