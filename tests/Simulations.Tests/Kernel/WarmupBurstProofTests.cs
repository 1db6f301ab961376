using System.Diagnostics;
using System.Globalization;
using KernelTruth.NodeSensor.Tests.Kernel;
using KernelTruth.Simulations.Replay;
using KernelTruth.Simulations.Startup;
using Xunit.Abstractions;

namespace KernelTruth.Simulations.Tests.Kernel;

/// <summary>
/// A CFS burst measured on the real kernel and held against <see cref="WarmupReplay"/>: a process in a fresh cgroup
/// under 50 ms / 100 ms (0.5 cores) spins a fixed warm-up of CPU and prints how long it took from its main(); the
/// same warm-up with cpu.cfs_burst_us (v1) / cpu.max.burst (v2) = the quota. Five rounds, the two settings
/// alternated, medians compared: the shared machine only ever makes a run slower, and a median of alternated runs
/// keeps one slow moment from deciding. Needs root (it makes cgroups), not BPF: cpu.stat is the kernel's word.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class WarmupBurstProofTests(ITestOutputHelper output)
{
    /// <summary>Each median within 10 % of the replay's time (without a burst: at most 10 % above it, see below).</summary>
    private const double MaxError = 0.10;

    private const int Rounds = 5;
    private const long QuotaUs = 50_000, PeriodUs = 100_000;

    private const string SpinSource = """
        #include <stdio.h>
        #include <stdlib.h>
        #include <time.h>
        #include <unistd.h>
        static long long ns(clockid_t c) { struct timespec t; clock_gettime(c, &t); return t.tv_sec * 1000000000LL + t.tv_nsec; }
        int main(int argc, char **argv) {
            FILE *procs = fopen(argv[2], "w");
            if (!procs || fprintf(procs, "%d\n", getpid()) < 0 || fclose(procs)) return 2;
            long long start = ns(CLOCK_MONOTONIC), spin = atoll(argv[1]), cpu0 = ns(CLOCK_PROCESS_CPUTIME_ID);
            while (ns(CLOCK_PROCESS_CPUTIME_ID) - cpu0 < spin) {}
            printf("%lld\n", ns(CLOCK_MONOTONIC) - start);
            return 0;
        }
        """;

    [Theory]
    [InlineData(300)] // six periods without burst, five with it (the replay: 548 vs 448 ms)
    [InlineData(90)] // throttled once without burst, never with it (138 vs 90 ms)
    public void Spin_BurstEqualToQuota_KernelTimeWithinTheReplaysBounds(int warmupMs)
    {
        using var spin = CWorkload.Compile("warmup-spin", SpinSource);
        var without = new List<Run>();
        var with = new List<Run>();
        for (int round = 0; round < Rounds; round++)
        {
            without.Add(RunOnce(spin.Binary, warmupMs, burstUs: 0));
            with.Add(RunOnce(spin.Binary, warmupMs, burstUs: QuotaUs));
        }

        var limit = new BandwidthLimit(QuotaUs / (double)PeriodUs, PeriodUs / 1e6);
        var predictedWithout = WarmupReplay.Run(warmupMs / 1000.0, 1, limit);
        var predictedWith = WarmupReplay.Run(warmupMs / 1000.0, 1, limit with { BurstCores = limit.LimitCores });
        var (measuredWithout, measuredWith) = (Median(without, r => r.Seconds), Median(with, r => r.Seconds));
        foreach (var (name, runs) in new[] { ("no burst", without), ("burst = quota", with) })
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{warmupMs} ms warm-up, {name}: {string.Join(", ", runs.Select(r => $"{r.Seconds * 1000:0} ms (throttled {r.ThrottledSeconds * 1000:0} ms, nr_throttled {r.NrThrottled}, nr_bursts {r.NrBursts}, burst_time {r.BurstSeconds * 1000:0.0} ms)"))}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{warmupMs} ms warm-up: kernel medians {measuredWithout * 1000:0} / {measuredWith * 1000:0} ms, replay {predictedWithout.ReadySeconds * 1000:0} / {predictedWith.ReadySeconds * 1000:0} ms; "
            + $"saving kernel {(measuredWithout - measuredWith) * 1000:0} ms, replay {(predictedWithout.ReadySeconds - predictedWith.ReadySeconds) * 1000:0} ms"));

        // Without a burst the time depends on where the first period boundary falls: the replay starts a period at the
        // exec, the latest it can fall; the kernel's period timer keeps the phase it was armed with, and an earlier
        // boundary refills the pool sooner, by at most period − quota = 50 ms (seen for 90 ms: 90–140 ms in one run).
        // So the kernel is held to at most 10 % above the replay and at least the replay less 50 ms, less 10 %.
        double earliest = (predictedWithout.ReadySeconds - ((PeriodUs - QuotaUs) / 1e6)) * (1 - MaxError);
        Report(predictedWithout.ReadySeconds, measuredWithout, "time to done without burst");
        Assert.InRange(measuredWithout, earliest, predictedWithout.ReadySeconds * (1 + MaxError));

        // With a burst of one quota the pool starts full: the 90 ms spin never meets the quota, and the 300 ms one meets
        // it after its first 100 ms whatever the phase; within 10 % of the replay either way.
        Report(predictedWith.ReadySeconds, measuredWith, "time to done with burst");
        Assert.InRange(measuredWith, predictedWith.ReadySeconds * (1 - MaxError), predictedWith.ReadySeconds * (1 + MaxError));
        Assert.True(measuredWith < measuredWithout, "the burst did not shorten the warm-up");

        // The kernel's own accounting says the same: the burst ran on carried-over quota (nr_bursts, burst_time,
        // counted at the refill after the period it was used in) and the group was throttled for less.
        Assert.All(without, r => Assert.Equal(0UL, r.NrBursts));
        Assert.True(Median(with, r => r.NrBursts) >= 1, "cpu.stat counted no burst although the warm-up used more than the quota in its first period");
        Assert.True(Median(with, r => r.ThrottledSeconds) < Median(without, r => r.ThrottledSeconds), "the burst did not lower throttled_time");
    }

    private Run RunOnce(string binary, int warmupMs, long burstUs)
    {
        using var cg = TestCgroup.Create(quotaUs: QuotaUs, periodUs: PeriodUs);
        cg.SetBurst(burstUs);

        // Writing the bandwidth starts the period timer, which stops again after a period with nothing to run. Started
        // within it, the spin would meet a period boundary set by the write, not by its own start (seen: 118 ms instead
        // of 138 without a burst). Three periods idle let it stop; the refills meanwhile keep the pool full.
        Thread.Sleep(TimeSpan.FromMicroseconds((3 * PeriodUs) + 50_000));
        // The spin joins the cgroup itself and starts its clock right after: the stopped period timer starts again when it
        // first runs there, so the periods line up with the spin as the replay's do with the exec. Joined through a shell
        // first, a shell delayed by the shared machine would move the boundary into the spin.
        using var process = Process.Start(new ProcessStartInfo(binary, [(warmupMs * 1_000_000L).ToString(CultureInfo.InvariantCulture), Path.Join(cg.Directory, "cgroup.procs")]) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("the spin did not start");
        string line = process.StandardOutput.ReadLine() ?? throw new Xunit.Sdk.XunitException("the spin printed nothing: " + process.StandardError.ReadToEnd());
        Assert.True(process.WaitForExit(10_000), "the spin did not exit");

        // nr_bursts and burst_time are counted when the period timer next refills the pool: wait two periods.
        Thread.Sleep(TimeSpan.FromMicroseconds(2 * PeriodUs + 50_000));
        var stat = cg.CpuStat();
        return new Run(
            long.Parse(line, CultureInfo.InvariantCulture) / 1e9,
            stat["throttled_time"] / 1e9,
            stat["nr_throttled"],
            stat.GetValueOrDefault("nr_bursts"),
            (stat.TryGetValue("burst_time", out ulong ns) ? ns : stat.GetValueOrDefault("burst_usec") * 1000) / 1e9);
    }

    private void Report(double predicted, double measured, string what) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: kernel {measured * 1000:0.0} ms vs replay {predicted * 1000:0.0} ms, off by {(measured - predicted) / predicted:+0.0%;-0.0%}"));

    private static double Median<T>(List<T> runs, Func<T, double> of)
    {
        double[] v = [.. runs.Select(of).Order()];
        return v[v.Length / 2];
    }

    private sealed record Run(double Seconds, double ThrottledSeconds, ulong NrThrottled, ulong NrBursts, double BurstSeconds);
}
