using System.Text.Json;
using KernelTruth.Cli.Commands;
using KernelTruth.Cli.Tests.Fakes;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.Models.Recommendations;
using KernelTruth.Recommender.Checkpoint;
using KernelTruth.Recommender.Logic;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelTruth.Cli.Tests.Commands;

/// <summary>
/// `ktruth report` from a state file and from recorded snapshots, using the hand-built throttled
/// cgroup of <see cref="Snapshots"/>: 0.2-CPU limit, per second 8 periods throttled at 20 ms and 2
/// using 15 ms ⇒ 0.19 cores used, 80 % of periods throttled.
/// </summary>
public sealed class ReportSourcesTests : IDisposable
{
    private const int Seconds = 150; // two whole minutes and then some: the per-minute request basis fills

    private readonly string _dir = Directory.CreateTempSubdirectory("ktruth-report-src-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static List<NodeSnapshot> Recording() => [.. Enumerable.Range(0, Seconds + 1).Select(k => Snapshots.Node(k, Snapshots.Throttled(k)))];

    private static (int Code, JsonElement Workload, TestEnvironment Test) Report(params string[] args)
    {
        var test = new TestEnvironment();
        int code = KtruthCommand.Create(test.Env).Parse(["report", "--format", "json", .. args]).Invoke(KtruthCommand.Invocation(test.Env));
        Assert.True(code == 0, test.Error.ToString());
        using var doc = JsonDocument.Parse(test.Out.ToString());
        return (code, doc.RootElement.GetProperty("workloads")[0].Clone(), test);
    }

    [Fact]
    public void FromSnapshots_JsonLines_ReplayedThroughTheEngine()
    {
        string file = Path.Combine(_dir, "recording.jsonl");
        File.WriteAllLines(file, Recording().Select(s => JsonSerializer.Serialize(s, SnapshotJsonContext.Default.NodeSnapshot)));

        var (_, w, _) = Report("--from-snapshots", _dir);

        Assert.Equal("/", w.GetProperty("namespace").GetString());
        Assert.Equal("demo", w.GetProperty("name").GetString());
        Assert.Equal("test-node", w.GetProperty("labels").GetProperty("node").GetString());
        JsonElement m = w.GetProperty("measured");
        // usage average from cpuStat: (8 × 20 ms + 2 × 15 ms) per second = 0.19 cores
        Assert.Equal(0.19, m.GetProperty("usageAverageCores").GetDouble(), 6);
        Assert.Equal(0.8, m.GetProperty("throttledPeriodsRatio").GetDouble(), 3);
        Assert.Equal(0, m.GetProperty("oomKills").GetInt64());
        Assert.Equal(0.2, w.GetProperty("current").GetProperty("cpuLimitCores").GetDouble(), 6);
        // Demand is censored at the 0.2 limit in 80 % of periods: p99 and the recommended limit lie above it.
        Assert.True(m.GetProperty("demandP99Cores").GetDouble() > 0.2);
        Assert.True(w.GetProperty("recommended").GetProperty("cpuLimitCores").GetDouble() > 0.2);
        Assert.Contains("throttled", w.GetProperty("risks").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public void FromState_Checkpoint_SameRecommendationAsTheEngine()
    {
        var engine = new RecommenderEngine(NullLogger.Instance);
        foreach (NodeSnapshot s in Recording())
        {
            engine.Ingest(s);
        }

        var now = DateTimeOffset.FromUnixTimeMilliseconds(Recording()[^1].TakenAtUnixNs / 1_000_000);
        string state = Path.Combine(_dir, "state.json");
        CheckpointFile.Save(state, engine.ToCheckpoint(now));
        Recommendation expected = engine.Recommend(new RecommendationPolicy(), now).Single().Recommendation!;

        var (_, w, _) = Report("--from-state", state);

        JsonElement rec = w.GetProperty("recommended");
        Assert.Equal(expected.Cpu.RequestCores, rec.GetProperty("cpuRequestCores").GetDouble(), 6);
        Assert.Equal(expected.Cpu.LimitCores!.Value, rec.GetProperty("cpuLimitCores").GetDouble(), 6);
        Assert.Equal(expected.Memory.RequestBytes, rec.GetProperty("memoryRequestBytes").GetInt64());
        Assert.Equal(expected.Baseline.Cpu.RequestCores, w.GetProperty("baseline").GetProperty("cpuRequestCores").GetDouble(), 6);
        // After the change: the simulation engine's replay of the model's demand, close to the closed-form model's figure.
        Assert.Equal(expected.Evidence.AtRecommendedLimit!.ThrottledPeriodsRatio, w.GetProperty("throttlingAfter").GetProperty("throttledPeriodsRatio").GetDouble(), 0.02);
        // The VPA baseline's per-minute usage (0.19 cores, rounded up to whole millicores) read back as the usage average, within its 5 % buckets.
        Assert.Equal(0.19, w.GetProperty("measured").GetProperty("usageAverageCores").GetDouble(), 1);
    }

    [Fact]
    public void FromSnapshots_AThrottledStart_StartsAndTheFixInTheReport()
    {
        // The recording's cgroup reports one finished start: ready 10 s after exec, 2 core-s and 8 s throttled by ready
        // ⇒ P = (2 + 8) / 10 = 1 core, 2 s unthrottled; the fix's replayed ready time is within 10 % of that.
        const ulong Ms = 1_000_000;
        var start = new Contracts.Snapshot.StartupSnapshot { CreatedNs = 5 * Ms, FirstExecNs = 6 * Ms, WindowNs = 60_000 * Ms, CpuNs = 2500 * Ms, ThrottledNs = 8500 * Ms, ReadyAfterNs = 10_000 * Ms, ReadyCpuNs = 2000 * Ms, ReadyThrottledNs = 8000 * Ms, Complete = true };
        string file = Path.Combine(_dir, "recording.jsonl");
        File.WriteAllLines(file, Enumerable.Range(0, Seconds + 1).Select(k => JsonSerializer.Serialize(Snapshots.Node(k, Snapshots.Throttled(k) with { Startup = start }), SnapshotJsonContext.Default.NodeSnapshot)));

        var (_, w, _) = Report("--from-snapshots", _dir);

        JsonElement startup = w.GetProperty("startup");
        Assert.Equal(1, startup.GetProperty("starts").GetInt32());
        Assert.Equal(10, startup.GetProperty("readyP50Seconds").GetDouble(), 6);
        Assert.Equal(8.5, startup.GetProperty("throttledP50Seconds").GetDouble(), 6);
        Assert.InRange(startup.GetProperty("fix").GetProperty("predictedReadySeconds").GetDouble(), 2, 2.2);
        Assert.Contains(w.GetProperty("evidence").EnumerateArray(), e => e.GetString()!.StartsWith("startup throttled: p50 ready 10.00 s", StringComparison.Ordinal));
    }

    private const string PodPath = "/kubepods/burstable/pod40469a73-bad4-4708-bd0b-0394f861f50a/f27eb5feedafc959919f86c7a88c2a6cf5e6bbadc398ce36357a270203eb12a1";

    /// <summary>
    /// One host's recording: the throttled workload as a pod's container whose cgroup carries cpu.shares 256 (the kubelet's
    /// value for a 250m request) and a 60 MiB working set of its 100 MiB usage, beside the root cgroup (the whole host).
    /// </summary>
    private string PodRecording()
    {
        var identity = new Contracts.Cgroups.CgroupIdentity(Contracts.Cgroups.CgroupKinds.PodContainer, "40469a73-bad4-4708-bd0b-0394f861f50a", PodPath[^64..], "containerd", "burstable");
        string file = Path.Combine(_dir, "host.jsonl");
        File.WriteAllLines(file, Enumerable.Range(0, Seconds + 1).Select(k => JsonSerializer.Serialize(
            Snapshots.Node(
                k,
                Snapshots.Throttled(k) with { Id = 1, Path = "/", Identity = new Contracts.Cgroups.CgroupIdentity("cgroup"), CpuShares = 1024 },
                Snapshots.Throttled(k) with { Id = 7, Path = PodPath, Identity = identity, CpuShares = 256, Memory = new MemorySnapshot(100 << 20, 120 << 20, 0, 60 << 20) }),
            SnapshotJsonContext.Default.NodeSnapshot)));
        return file;
    }

    [Fact]
    public void FromSnapshots_PodCgroupWithShares_RequestFromSharesRootLeftOutMemoryOnWorkingSet()
    {
        var test = new TestEnvironment();
        int code = KtruthCommand.Create(test.Env).Parse(["report", "--format", "json", "--from-snapshots", PodRecording()]).Invoke(KtruthCommand.Invocation(test.Env));

        Assert.True(code == 0, test.Error.ToString());
        using var doc = JsonDocument.Parse(test.Out.ToString());
        JsonElement w = Assert.Single(doc.RootElement.GetProperty("workloads").EnumerateArray()); // the root cgroup is not a workload
        Assert.Equal(PodPath[..PodPath.LastIndexOf('/')], w.GetProperty("namespace").GetString());
        Assert.Equal(0.25, w.GetProperty("current").GetProperty("cpuRequestCores").GetDouble(), 6); // 256 shares / 1024
        Assert.Equal(60L << 20, w.GetProperty("measured").GetProperty("memoryPeakBytes").GetInt64()); // the working set, not usage or the kernel's peak
        Assert.Contains(doc.RootElement.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("root cgroup", StringComparison.Ordinal));
        Assert.Equal(150, doc.RootElement.GetProperty("observedSeconds").GetProperty("longest").GetDouble()); // 151 snapshots a second apart
    }

    [Theory]
    [InlineData("md")]
    [InlineData("html")]
    public void FromSnapshots_HumanFormats_CgroupPathAsNameAndTheWindow(string format)
    {
        var test = new TestEnvironment();
        int code = KtruthCommand.Create(test.Env).Parse(["report", "--format", format, "--from-snapshots", PodRecording()]).Invoke(KtruthCommand.Invocation(test.Env));

        Assert.True(code == 0, test.Error.ToString());
        string output = test.Out.ToString();
        Assert.Contains(PodPath, output, StringComparison.Ordinal);
        Assert.DoesNotContain("/cgroup/", output, StringComparison.Ordinal);
        Assert.DoesNotContain("//", output.Replace("://", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("observed over 2m 30s", output, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSnapshots_Csv_WindowColumn()
    {
        var test = new TestEnvironment();
        int code = KtruthCommand.Create(test.Env).Parse(["report", "--format", "csv", "--from-snapshots", PodRecording()]).Invoke(KtruthCommand.Invocation(test.Env));

        Assert.True(code == 0, test.Error.ToString());
        string[] lines = test.Out.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        int window = Array.IndexOf(lines[0].Split(','), "window_seconds");
        Assert.True(window > 0, "no window_seconds column");
        Assert.Equal("150", lines[1].Split(',')[window]);
    }
}
