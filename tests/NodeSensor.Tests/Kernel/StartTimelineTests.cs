using System.Diagnostics;
using System.Globalization;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.NodeSensor.Hosting;
using KernelTruth.NodeSensor.Sampling;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace KernelTruth.NodeSensor.Tests.Kernel;

/// <summary>
/// A container-like start in a fresh cgroup: a process that burns a known CPU time under a 50 %
/// limit, then listens on a TCP socket and idles. It prints its own CLOCK_MONOTONIC readings (the
/// clock of bpf_ktime_get_ns) at main() and around listen(), so the sensor's timeline is checked
/// against what the workload itself saw, and its CPU against cpuacct.usage and cpu.stat.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class StartTimelineTests(ITestOutputHelper output)
{
    private const long Ms = 1_000_000;

    private const string WorkloadSource = """
        #include <netinet/in.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <sys/socket.h>
        #include <time.h>
        #include <unistd.h>
        static long long ns(clockid_t c) { struct timespec t; clock_gettime(c, &t); return t.tv_sec * 1000000000LL + t.tv_nsec; }
        int main(int argc, char **argv) {
            long long start = ns(CLOCK_MONOTONIC), spin = atoll(argv[1]), cpu0 = ns(CLOCK_PROCESS_CPUTIME_ID);
            while (ns(CLOCK_PROCESS_CPUTIME_ID) - cpu0 < spin) {}
            long long spun = ns(CLOCK_MONOTONIC);
            int s = socket(AF_INET, SOCK_STREAM, 0);
            struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
            if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a)) return 2;
            long long before = ns(CLOCK_MONOTONIC);
            if (listen(s, 1)) return 3;
            long long after = ns(CLOCK_MONOTONIC);
            printf("%lld %lld %lld %lld\n", start, spun, before, after);
            fflush(stdout);
            pause();
            return 0;
        }
        """;

    [Fact]
    public void Read_ProcessSpinsThenListens_TimelineMatchesWorkloadAndKernelCounters()
    {
        using var workload = CWorkload.Compile("start-workload", WorkloadSource);
        RunWorkload(workload.Binary);
    }

    private void RunWorkload(string binary)
    {
        var window = TimeSpan.FromSeconds(4);
        var settle = TimeSpan.FromMilliseconds(500);
        using var runtime = SensorRuntime.Start(new SensorOptions { AllCgroups = true, StartupWindow = window, SettleWindow = settle }, NullLoggerFactory.Instance, TimeProvider.System);
        Assert.True(runtime.Programs.StartTimelinesActive, "start_timeline did not load: " + runtime.Programs.Unavailable.GetValueOrDefault("start_timeline"));

        // 400 ms of CPU under a 50 ms / 100 ms limit: about 0.8 s of wall time, half of it throttled.
        using var cg = TestCgroup.Create(quotaUs: 50_000);
        ulong launched = MonotonicClock.NowNs();
        var process = cg.Run($"{binary} {400 * Ms}");
        StartupSnapshot? startup = null;
        var deadline = Stopwatch.StartNew();
        while (startup is not { Complete: true } && deadline.Elapsed < window + TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(100);
            startup = runtime.Read().Cgroups.SingleOrDefault(c => c.Id == cg.Id)?.Startup;
        }

        string line = process.StandardOutput.ReadLine() ?? throw new Xunit.Sdk.XunitException("the workload printed nothing: " + process.StandardError.ReadToEnd());
        long[] seen = [.. line.Split(' ').Select(v => long.Parse(v, CultureInfo.InvariantCulture))];
        (long start, long spun, long before, long after) = (seen[0], seen[1], seen[2], seen[3]);
        ulong cpuacct = cg.CpuacctUsageNs();
        ulong throttled = cg.CpuStat()["throttled_time"];

        Assert.NotNull(startup);
        Assert.True(startup.Complete, "the startup window did not complete");
        long exec = (long)startup.FirstExecNs!.Value, listen = (long)startup.FirstListenNs!.Value;
        output.WriteLine($"created→exec {(exec - (long)startup.CreatedNs) / 1e6:F2} ms, exec→main {(start - exec) / 1e6:F2} ms, "
            + $"listen(): sensor {(listen - exec) / 1e6:F2} ms after exec, workload called it {(before - exec) / 1e6:F2}–{(after - exec) / 1e6:F2} ms; "
            + $"settled {startup.SettledAfterNs / 1e6:F0} ms (spin ended {(spun - exec) / 1e6:F0} ms); "
            + $"CPU sensor {startup.CpuNs / 1e6:F2} ms vs cpuacct {cpuacct / 1e6:F2} ms; throttled sensor {startup.ThrottledNs / 1e6:F2} ms vs cpu.stat {throttled / 1e6:F2} ms");

        // The exec lies between the launch and the workload's first instruction, a few ms before it.
        Assert.InRange(exec, (long)launched, start);
        Assert.True(start - exec < 5 * Ms, $"exec → main() took {(start - exec) / 1e6:F2} ms; the exec event is late or wrong");
        // The first listen is the workload's own listen() call: inside its two clock readings.
        Assert.InRange(listen, before, after);
        Assert.Equal((ulong)(listen - exec), startup.ReadyAfterNs);
        Assert.True(startup.FirstTaskNs <= startup.FirstExecNs && startup.CreatedNs <= startup.FirstTaskNs, "created ≤ first task ≤ first exec");

        // The process idles after listen() and the window ended long after: the window's CPU is all of it.
        KernelAssert.Within(cpuacct, startup.CpuNs!.Value, 0.03, "startup CPU vs cpuacct.usage", output);
        Assert.True(startup.CpuNs >= 400 * Ms, $"startup CPU {startup.CpuNs / 1e6:F1} ms is below the 400 ms the workload burned");
        KernelAssert.Within(throttled, startup.ThrottledNs!.Value, 0.05, "startup throttled time vs cpu.stat", output);
        Assert.True(throttled > 100 * Ms, $"the limit throttled only {throttled / 1e6:F0} ms: the test did not exercise throttling");

        // The warm-up's work by ready: the 400 ms spin came before listen(), nothing after it, so the CPU at ready is
        // the window's. Ready falls between two reads 100 ms apart and the value is interpolated there: it can miss
        // what ran in that sample interval, at most 0.5 cores × 100 ms = 50 ms of CPU and 100 ms of throttled time
        // (seen: 393 of 401 ms, 300 of 335 ms).
        output.WriteLine($"by ready: CPU {startup.ReadyCpuNs / 1e6:F2} ms, throttled {startup.ReadyThrottledNs / 1e6:F2} ms");
        Assert.InRange(startup.ReadyCpuNs!.Value, startup.CpuNs.Value - (50 * (ulong)Ms), startup.CpuNs.Value);
        Assert.InRange(startup.ReadyThrottledNs!.Value, startup.ThrottledNs.Value - (100 * (ulong)Ms), startup.ThrottledNs.Value);

        // Settled near the end of the spin: a W-stretch may still hold ≤ 0.05 × W = 25 ms of its CPU, which under the
        // 50 ms / 100 ms limit spans up to 75 ms of wall time (a throttled half period, then 25 ms run), more when
        // the shared machine delays it: 150 ms before the end is allowed; after it, a few 100 ms samples.
        long settled = (long)startup.SettledAfterNs!.Value;
        Assert.InRange(settled, spun - exec - (150 * Ms), spun - exec + (600 * Ms));
    }
}
