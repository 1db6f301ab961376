using System.Text.Json;
using KernelTruth.Cli.Commands;
using KernelTruth.Cli.Tests.Fakes;
using KernelTruth.Simulations.Trace;

namespace KernelTruth.Simulations.Tests.Cli;

/// <summary>`ktruth simulate` and `ktruth record` as a user types them, in process, on trace files.</summary>
public sealed class SimulateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ktruth-simulate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>quota 20 ms: 20 (throttled, 80 ms throttled time), 10, 0 ⇒ arrivals 30, 0, 0.</summary>
    private string WorkedExampleTrace()
    {
        var trace = new CpuTrace
        {
            Cgroups =
            [
                new CgroupTrace
                {
                    Path = "/kubepods/pod1/c1", PeriodUs = 100_000, PeriodCount = 3, QuotaUs = 20_000, Cpus = 2,
                    Periods = [new(0, 20_000, true, 80_000, 20_000), new(1, 10_000, false, 0, 20_000), new(2, 0, false, 0, 20_000)],
                    Summary = new TraceSummary(3, 1, 80_000, 30_000),
                },
            ],
        };
        string file = Path.Join(_dir, "trace.json");
        using var stream = File.Create(file);
        TraceReader.Write(trace, stream);
        return file;
    }

    private static async Task<(int Exit, TestEnvironment Test)> Run(params string[] args)
    {
        var test = new TestEnvironment();
        int exit = await KtruthCommand.RunAsync(test.Env, args);
        return (exit, test);
    }

    [Fact]
    public async Task Simulate_Json_HasTheAgreedFieldsWithHandComputedValues()
    {
        // Tick 4 ms: P0 wants 30 > 20 (throttled), uses 22, 8 left; P1 has 18 and uses 8; P2 idle, counted.
        // Ratio 1/3; wait p99 over 3 periods = 8 ms; usage 30 ms / 0.3 s = 0.1 cores.
        var (exit, test) = await Run("simulate", "--trace", WorkedExampleTrace(), "--limit", "200m", "--json");

        Assert.Equal(CliExitCodes.Ok, exit);
        using var doc = JsonDocument.Parse(test.Out.ToString());
        var root = doc.RootElement;
        Assert.Equal(0.2, root.GetProperty("limitCores").GetDouble(), 9);
        Assert.Equal(1.0 / 3, root.GetProperty("throttledPeriodsRatio").GetDouble(), 9);
        Assert.Equal(0.008, root.GetProperty("throttleWaitP99Seconds").GetDouble(), 9);
        Assert.Equal(0.1, root.GetProperty("usageCores").GetDouble(), 9);
        Assert.Equal(1.0 / 3, root.GetProperty("recordedThrottledPeriodsRatio").GetDouble(), 9);
    }

    [Fact]
    public async Task Simulate_LimitBelowTheDemand_JsonAndTableSayLoopDependent()
    {
        // Recorded unlimited: 30 ms in each of 10 periods (0.3 cores). At 0.2 cores every period after the
        // first finds work waiting: 9 of 10 arrivals held back.
        string file = Path.Join(_dir, "steady.json");
        using (var stream = File.Create(file))
        {
            TraceReader.Write(new CpuTrace
            {
                Cgroups = [new CgroupTrace { Path = "/steady", PeriodUs = 100_000, PeriodCount = 10, Cpus = 2, Periods = [.. Enumerable.Range(0, 10).Select(k => new PeriodRecord(k, 30_000, false, 0, null))] }],
            }, stream);
        }

        var (exit, json) = await Run("simulate", "--trace", file, "--limit", "200m", "--json");
        var (_, table) = await Run("simulate", "--trace", file, "--limit", "200m");

        Assert.Equal(CliExitCodes.Ok, exit);
        using var doc = JsonDocument.Parse(json.Out.ToString());
        Assert.Equal(0.9, doc.RootElement.GetProperty("heldBackArrivalShare").GetDouble(), 9);
        Assert.True(doc.RootElement.GetProperty("loopDependent").GetBoolean());
        Assert.Contains(doc.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("closed loop", StringComparison.Ordinal));
        Assert.Contains("(loop-dependent)", table.Console.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_SweepCsv_OneLinePerLimit()
    {
        var (exit, test) = await Run("simulate", "--trace", WorkedExampleTrace(), "--cgroup", "/sys/fs/cgroup/cpu/kubepods/pod1/c1", "--sweep", "100m:3:100m", "--csv");

        Assert.Equal(CliExitCodes.Ok, exit);
        string[] lines = test.Out.ToString().Trim().Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("limitCores,throttledPeriodsRatio", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("0.3,0,", lines[3], StringComparison.Ordinal); // 30 ms ≤ 30 ms of quota: never throttled
    }

    [Fact]
    public async Task Simulate_TruncatedTrace_ExitCode2NamesFileAndProblem()
    {
        string file = WorkedExampleTrace();
        string text = await File.ReadAllTextAsync(file);
        await File.WriteAllTextAsync(file, text[..(text.Length / 2)]);

        var (exit, test) = await Run("simulate", "--trace", file, "--limit", "200m");

        Assert.Equal(CliExitCodes.Usage, exit);
        Assert.Contains($"--trace {file}: trace is truncated", test.Error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--limit", "0", "--limit '0' must be a CPU amount in (0, 8192]")]
    [InlineData("--limit", "-1", "--limit '-1' must be a CPU amount in (0, 8192]")]
    [InlineData("--limit", "99999999999999999999999999999999", "--limit '99999999999999999999999999999999' must be a CPU amount in (0, 8192]")]
    [InlineData("--burst", "300m", "--burst '300m' is above --limit '200m': the kernel accepts a burst of at most the quota")]
    [InlineData("--period", "150ms", "--period 150 ms is not a whole multiple of the recorded period 100 ms")]
    [InlineData("--period", "1s", "--period 1000 ms is longer than the trace (0.3 s)")]
    public async Task Simulate_BadLimitOrPeriod_ExitCode2NamesTheOption(string option, string value, string expected)
    {
        string[] args = option == "--limit"
            ? ["simulate", "--trace", WorkedExampleTrace(), "--limit", value]
            : ["simulate", "--trace", WorkedExampleTrace(), "--limit", "200m", option, value];
        var (exit, test) = await Run(args);

        Assert.Equal(CliExitCodes.Usage, exit);
        Assert.Contains(expected, test.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_HpaAndCost_Run()
    {
        var (hpaExit, hpa) = await Run("simulate", "hpa", "--trace", WorkedExampleTrace(), "--target", "80%", "--request", "100m", "--json");
        string csv = Path.Join(_dir, "requests.csv");
        await File.WriteAllTextAsync(csv, "name,cpuRequest,memoryRequest,pods,recommendedCpuRequest,recommendedMemoryRequest\nweb,2,1Gi,3,1,1Gi\n");
        var (costExit, cost) = await Run("simulate", "cost", "--profiles", csv, "--hours", "10", "--cpu-hour", "1", "--gib-hour", "0", "--json");

        Assert.Equal(CliExitCodes.Ok, hpaExit);
        Assert.Contains("\"replicaHours\"", hpa.Out.ToString(), StringComparison.Ordinal);
        Assert.Equal(CliExitCodes.Ok, costExit);
        using var doc = JsonDocument.Parse(cost.Out.ToString());
        Assert.Equal(30.0, doc.RootElement.GetProperty("savings").GetDouble(), 9); // (6 − 3 cores) × 10 h × 1
    }

    [Fact]
    public async Task SimulateCost_DeprecatedPriceNames_WarnAndStillPrice()
    {
        string csv = Path.Join(_dir, "requests.csv");
        await File.WriteAllTextAsync(csv, "name,cpuRequest,memoryRequest,pods,recommendedCpuRequest,recommendedMemoryRequest\nweb,2,1Gi,3,1,1Gi\n");

        var (exit, test) = await Run("simulate", "cost", "--profiles", csv, "--hours", "10", "--core-price", "1", "--gib-price", "0", "--json");

        Assert.Equal(CliExitCodes.Ok, exit);
        using var doc = JsonDocument.Parse(test.Out.ToString());
        Assert.Equal(30.0, doc.RootElement.GetProperty("savings").GetDouble(), 9); // (6 − 3 cores) × 10 h × 1, as with --cpu-hour 1
        Assert.Contains("ktruth: warning: --core-price is deprecated and will be removed; use --cpu-hour 1", test.Error.ToString(), StringComparison.Ordinal);
        Assert.Contains("ktruth: warning: --gib-price is deprecated and will be removed; use --gib-hour 0", test.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_OutputJson_SameDocumentAsJsonSwitch()
    {
        string trace = WorkedExampleTrace();

        var (exitO, byOption) = await Run("simulate", "--trace", trace, "--limit", "200m", "-o", "json");
        var (exitJ, bySwitch) = await Run("simulate", "--trace", trace, "--limit", "200m", "--json");
        var (exitCsv, csv) = await Run("simulate", "--trace", trace, "--sweep", "100m:3:100m", "--output", "csv");

        Assert.Equal((0, 0, 0), (exitO, exitJ, exitCsv));
        Assert.Equal(bySwitch.Out.ToString(), byOption.Out.ToString());
        Assert.StartsWith("{", byOption.Out.ToString().TrimStart(), StringComparison.Ordinal);
        Assert.Equal(4, csv.Out.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // a header and 3 limits
    }

    [Fact]
    public async Task SimulateHpa_ForecastWithRecordedTrace_OneLineErrorNamingWhatItNeeds()
    {
        var (exit, test) = await Run("simulate", "hpa", "--signal", "Forecast", "--trace", WorkedExampleTrace(), "--target", "80%");

        Assert.Equal(CliExitCodes.Usage, exit); // nothing was done: the command needs --minutes
        Assert.Contains("--minutes", test.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SimulateHpa_ForecastMinutesTooShort_SaysHowManyAreNeeded()
    {
        string minutes = Path.Join(_dir, "minutes.txt");
        await File.WriteAllLinesAsync(minutes, Enumerable.Repeat("1.5", 1440));

        var (exit, test) = await Run("simulate", "hpa", "--signal", "Forecast", "--minutes", minutes, "--target", "80%");

        Assert.Equal(CliExitCodes.InvalidInput, exit);
        Assert.Contains("holds 1440 minutes", test.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_WithoutOut_FailsNamingTheOption()
    {
        var (exit, test) = await Run("record", "--cgroup", "/x", "--duration", "1s");

        Assert.Equal(CliExitCodes.Usage, exit);
        Assert.Contains("--out", test.Error.ToString() + test.Out, StringComparison.Ordinal);
    }
}
