using System.Text.Json;
using KernelTruth.Cli.Commands;
using KernelTruth.Cli.Configuration;
using KernelTruth.Cli.Tests.Fakes;
using KernelTruth.Cli.Watching;
using KernelTruth.Recommender.Checkpoint;
using KernelTruth.Recommender.Logic;
using Microsoft.Extensions.Logging.Abstractions;
using static KernelTruth.Cli.Tests.Fakes.Snapshots;

namespace KernelTruth.Cli.Tests.Watching;

/// <summary>
/// `ktruth watch` without the sensor: the recommender loop on a 100 ms timer over a scripted source ("/demo", 8 of 10
/// periods throttled each second, <see cref="Snapshots.Throttled"/>). Piped output, --json, --state restore and save,
/// Ctrl-C. Nothing is timed: --duration counts loops (1 + duration / interval), Ctrl-C waits for reads.
/// </summary>
public sealed class WatchRunnerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ktruth-watch-").FullName;

    private string StateFile => Path.Combine(_dir, "state.json");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task RunAsync_Piped_OneLinePerRefreshAfterTheBaselineAndStateSavedAtEnd()
    {
        var test = new TestEnvironment();
        var sensor = Sensor();

        // 300 ms at 100 ms: the baseline read, then 3 loops that each print a line.
        int exit = await new WatchRunner(test.Env).RunAsync(Settings() with { Duration = TimeSpan.FromMilliseconds(300) }, sensor, null, CancellationToken.None);

        Assert.Equal(CliExitCodes.Ok, exit);
        Assert.Equal(4, sensor.Reads);
        var lines = test.Out.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.Contains(" /demo usage=", l, StringComparison.Ordinal));
        Assert.Contains("throttled=80.0%", lines[^1], StringComparison.Ordinal); // 8 of 10 periods
        Assert.Equal(3, SavedIntervals("/demo")); // reads 1–3 each made one interval from the one before
    }

    [Fact]
    public async Task RunAsync_Json_OneDocumentAtTheEndWithRecommendationAndActivity()
    {
        var test = new TestEnvironment();

        await new WatchRunner(test.Env).RunAsync(Settings() with { Duration = TimeSpan.FromMilliseconds(200), Json = true }, Sensor(), null, CancellationToken.None);

        using var doc = JsonDocument.Parse(test.Out.ToString()); // one document, nothing else on stdout
        var root = doc.RootElement;
        Assert.Equal("Watch", root.GetProperty("kind").GetString());
        var recommendation = Assert.Single(root.GetProperty("recommendations").EnumerateArray());
        Assert.Equal("/demo", recommendation.GetProperty("workload").GetString());
        Assert.True(recommendation.GetProperty("recommendation").GetProperty("cpu").GetProperty("limitCores").GetDouble() > 0.2); // throttled at 0.2: more
        var activity = Assert.Single(root.GetProperty("activity").EnumerateArray());
        Assert.Equal(0.8, activity.GetProperty("throttledPeriodsRatio").GetDouble(), 1e-9);
    }

    [Fact]
    public async Task RunAsync_StateOfAnEarlierRun_RestoredSaidSoAndModelsContinue()
    {
        var first = new TestEnvironment();
        await new WatchRunner(first.Env).RunAsync(Settings() with { Duration = TimeSpan.FromMilliseconds(200) }, Sensor(), null, CancellationToken.None);
        Assert.Equal(2, SavedIntervals("/demo"));

        // Started again 10 s later: the sensor's counters carry on from reading 10.
        var second = new TestEnvironment();
        await new WatchRunner(second.Env).RunAsync(Settings() with { Duration = TimeSpan.FromMilliseconds(200) }, Sensor(from: 10), null, CancellationToken.None);

        Assert.Contains($"ktruth: restored 1 workload models from {StateFile}", second.Error.ToString(), StringComparison.Ordinal);
        Assert.Equal(4, SavedIntervals("/demo")); // 2 restored + 2 more (reading 10 is the new process' baseline)
    }

    [Fact]
    public async Task RunAsync_CorruptState_FailsNamingTheOptionAndLeavesTheFile()
    {
        await File.WriteAllTextAsync(StateFile, "{\"version\":1,");
        var test = new TestEnvironment();
        var sensor = Sensor();

        var failure = await Assert.ThrowsAsync<CliFailure>(() => new WatchRunner(test.Env).RunAsync(Settings(), sensor, null, CancellationToken.None));

        Assert.StartsWith($"cannot restore --state {StateFile}: state file '{StateFile}' is not a kernel-truth checkpoint", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, sensor.Reads);
        Assert.Equal("{\"version\":1,", await File.ReadAllTextAsync(StateFile));
    }

    [Fact]
    public async Task RunAsync_CtrlC_NormalEndWithStateSaved()
    {
        var test = new TestEnvironment();
        var sensor = Sensor();
        using var ctrlC = new CancellationTokenSource();
        sensor.AfterRead += k =>
        {
            if (k == 2)
            {
                ctrlC.Cancel();
            }
        };

        int exit = await new WatchRunner(test.Env).RunAsync(Settings(), sensor, null, ctrlC.Token);

        Assert.Equal(CliExitCodes.Ok, exit);
        Assert.True(SavedIntervals("/demo") >= 1, "the models were saved at exit");
    }

    [Fact]
    public async Task RunAsync_StateNotWritable_FailsSayingTheSaveFailed()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "not-a-dir"), "a file where a directory should be");
        string state = Path.Combine(_dir, "not-a-dir", "state.json");
        var test = new TestEnvironment();

        var failure = await Assert.ThrowsAsync<CliFailure>(() => new WatchRunner(test.Env).RunAsync(Settings() with { StatePath = state, Duration = TimeSpan.FromMilliseconds(100) }, Sensor(), null, CancellationToken.None));

        Assert.StartsWith($"cannot save --state {state}: ", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_StateIsADirectory_NamedByTheOption()
    {
        var errors = (Settings() with { StatePath = _dir }).Validate();

        Assert.StartsWith($"--state '{_dir}' is a directory: name a file in it", Assert.Single(errors), StringComparison.Ordinal);
    }

    private static ScriptedSource Sensor(int from = 0) => new(k => Node(from + k, Throttled(from + k)));

    private WatchSettings Settings() => new() { Interval = TimeSpan.FromMilliseconds(100), StatePath = StateFile };

    private long SavedIntervals(string workload)
    {
        var engine = new RecommenderEngine(NullLogger.Instance);
        engine.Restore(CheckpointFile.Load(StateFile)!);
        return engine.IntervalsOf(workload);
    }
}
