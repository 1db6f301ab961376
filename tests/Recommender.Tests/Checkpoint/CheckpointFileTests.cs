using System.Text.Json;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.Models.Recommendations;
using KernelTruth.Recommender.Checkpoint;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using static KernelTruth.Recommender.Tests.Input.SnapshotFactory;

namespace KernelTruth.Recommender.Tests.Checkpoint;

/// <summary>The state file: exact round trip, atomic saves, and refusals that name the file.</summary>
public sealed class CheckpointFileTests : IDisposable
{
    private static readonly DateTimeOffset Now = ManualTimeProvider.Start.AddMinutes(2);
    private static readonly RecommendationPolicy Policy = new();

    private readonly TempDirectory _dir = new();

    private string Path => _dir.File("state.json");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void SaveLoadRestore_TwoWorkloads_RecommendationsExactlyEqual()
    {
        var original = Trained(6);

        CheckpointFile.Save(Path, original.ToCheckpoint(Now));
        var restored = new RecommenderEngine(NullLogger.Instance);
        restored.Restore(CheckpointFile.Load(Path)!);

        Assert.Equal(RecommendationJson.Of(original.Recommend(Policy, Now)), RecommendationJson.Of(restored.Recommend(Policy, Now)));
        Assert.Equal(5, restored.IntervalsOf("/y"));
    }

    [Fact]
    public void SaveLoad_DemandHistoryOfOneWorkload_SameBytesBackAndTheOtherHasNone()
    {
        var history = new KernelTruth.Simulations.Forecast.DemandHistory();
        for (int m = 0; m < 90; m++)
        {
            history.Add(29_459_520 + m, 0.5 + (m % 7));
        }

        var checkpoint = Trained(6).ToCheckpoint(Now);
        checkpoint = checkpoint with { Workloads = [checkpoint.Workloads[0] with { DemandHistory = null }, checkpoint.Workloads[1] with { DemandHistory = history.ToBytes() }] };

        CheckpointFile.Save(Path, checkpoint);
        var loaded = CheckpointFile.Load(Path)!;

        Assert.Null(loaded.Workloads[0].DemandHistory);
        Assert.Equal(history.ToBytes(), loaded.Workloads[1].DemandHistory);
        Assert.Equal(checkpoint.Workloads[1].Workload, loaded.Workloads[1].Workload);
    }

    [Fact]
    public void Save_NoDemandHistories_FileEndsWithTheWorkloadsAsFormat2AlwaysDid()
    {
        var checkpoint = NoDemandHistories(Trained(6).ToCheckpoint(Now));
        CheckpointFile.Save(Path, checkpoint);
        byte[] without = File.ReadAllBytes(Path);

        CheckpointFile.Save(Path, Trained(6).ToCheckpoint(Now)); // the engine keeps a history per workload

        byte[] with = File.ReadAllBytes(Path);
        Assert.Equal(CheckpointBinaryWriter.DemandHistoriesTag, with[without.Length]); // the section only follows the workloads
        Assert.Equal(without, with[..without.Length]);
        Assert.Equal(2, CheckpointFile.Load(Path)!.Workloads.Count(w => w.DemandHistory is not null));
    }

    [Fact]
    public void Load_DemandHistorySectionCutShort_InvalidDataNamingPath()
    {
        CheckpointFile.Save(Path, Trained(6).ToCheckpoint(Now));
        byte[] bytes = File.ReadAllBytes(Path);
        File.WriteAllBytes(Path, bytes[..^500]);

        var ex = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(Path));

        Assert.Contains($"'{Path}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ends early", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SaveLoad_BorrowedHistories_BackAsSavedTheLastSectionTheOthersUnmarked()
    {
        var checkpoint = Trained(6).ToCheckpoint(Now);
        var first = new BorrowedHistoryState("prometheus", new DateTimeOffset(2026, 12, 7, 8, 0, 10, TimeSpan.FromHours(1)));
        checkpoint = checkpoint with { Workloads = [checkpoint.Workloads[0], checkpoint.Workloads[1] with { BorrowedHistory = first }] };
        CheckpointFile.Save(Path, checkpoint with { Workloads = [checkpoint.Workloads[0], checkpoint.Workloads[1] with { BorrowedHistory = null }] });
        byte[] without = File.ReadAllBytes(Path);

        CheckpointFile.Save(Path, checkpoint);
        var loaded = CheckpointFile.Load(Path)!;

        Assert.Equal(CheckpointBinaryWriter.BorrowedHistoriesTag, File.ReadAllBytes(Path)[without.Length]); // files without marks read as before
        Assert.Null(loaded.Workloads[0].BorrowedHistory);
        Assert.Equal(first, loaded.Workloads[1].BorrowedHistory);
        Assert.Equal(first.FirstMeasured!.Value.Offset, loaded.Workloads[1].BorrowedHistory!.FirstMeasured!.Value.Offset);
    }

    [Fact]
    public void Load_BorrowedHistoryNamingAWorkloadTwice_InvalidDataNamingPath()
    {
        var checkpoint = Trained(6).ToCheckpoint(Now);
        CheckpointFile.Save(Path, checkpoint with { Workloads = [checkpoint.Workloads[0] with { BorrowedHistory = new BorrowedHistoryState("prometheus", null) }, checkpoint.Workloads[1]] });
        byte[] bytes = File.ReadAllBytes(Path);

        // The file ends with the section: its tag, a count of 1, then workload 0's index (1 byte), source (1 + 10) and
        // time (1: absent) = 15 bytes. Say 2 and repeat the entry.
        int section = bytes.Length - 15;
        Assert.Equal(CheckpointBinaryWriter.BorrowedHistoriesTag, bytes[section]);
        byte[] entry = bytes[(section + 2)..];
        File.WriteAllBytes(Path, [.. bytes[..(section + 1)], 2, .. entry, .. entry]);

        var ex = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(Path));

        Assert.Contains($"'{Path}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("borrowed histories name workload 0 of 2 (or twice)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SaveLoad_Twice_SameBytes()
    {
        // Saving what was loaded changes nothing: the format has no lossy step (doubles round-trip).
        CheckpointFile.Save(Path, Trained(6).ToCheckpoint(Now));
        byte[] first = File.ReadAllBytes(Path);

        CheckpointFile.Save(Path, CheckpointFile.Load(Path)!);

        Assert.Equal(first, File.ReadAllBytes(Path));
    }

    [Fact]
    public void Load_NoFile_NullMeaningFreshStart()
    {
        Assert.Null(CheckpointFile.Load(Path));
    }

    [Fact]
    public void Load_TornWriteLeftATempFile_LastGoodCheckpointLoads()
    {
        var good = Trained(3).ToCheckpoint(Now);
        CheckpointFile.Save(Path, good);

        // A crash mid-save: the temporary file holds half of the next checkpoint and was never renamed.
        string next = JsonSerializer.Serialize(Trained(6).ToCheckpoint(Now.AddMinutes(1)), CheckpointJsonContext.Default.RecommenderCheckpoint);
        File.WriteAllText(Path + ".tmp", next[..(next.Length / 2)]);

        var loaded = CheckpointFile.Load(Path)!;

        Assert.Equal(Now, loaded.SavedAt);
        Assert.Equal(2, loaded.Workloads.Count);
        Assert.Equal(JsonSerializer.Serialize(good, CheckpointJsonContext.Default.RecommenderCheckpoint), JsonSerializer.Serialize(loaded, CheckpointJsonContext.Default.RecommenderCheckpoint));
    }

    [Fact]
    public void Save_AfterATornWrite_ReplacesTheTempFileAndTheCheckpoint()
    {
        CheckpointFile.Save(Path, Trained(3).ToCheckpoint(Now));
        File.WriteAllText(Path + ".tmp", "{\"version\":1,\"sav");

        CheckpointFile.Save(Path, Trained(6).ToCheckpoint(Now.AddMinutes(1)));

        Assert.False(File.Exists(Path + ".tmp"));
        Assert.Equal(Now.AddMinutes(1), CheckpointFile.Load(Path)!.SavedAt);
    }

    [Fact]
    public void Load_WrongVersion_InvalidDataNamingPathAndBothVersions()
    {
        File.WriteAllText(Path, "{\"version\":2,\"savedAt\":\"2025-11-21T05:20:00+00:00\",\"workloads\":[]}");

        var error = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(Path));

        Assert.Equal($"state file '{Path}' has checkpoint version 2, this build reads version 1; move it away to start afresh", error.Message);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("")]
    [InlineData("{\"version\":1,\"savedAt\":\"2025-11-21T05:20:00+00:00\",\"workloads\":null}")]
    [InlineData("{\"version\":1,\"savedAt\":\"2025-11-21T05:20:00+00:00\",\"workloads\":[{\"workload\":\"/x\",\"model\":{\"version\":1}}]}")]
    [InlineData("[1, 2, 3]")]
    public void Load_NotACheckpoint_InvalidDataNamingPath(string content)
    {
        File.WriteAllText(Path, content);

        var error = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(Path));

        Assert.StartsWith($"state file '{Path}' is not a kernel-truth checkpoint (", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("); move it away to start afresh", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TruncatedFile_InvalidDataNamingPath()
    {
        CheckpointFile.Save(Path, Trained(6).ToCheckpoint(Now));
        byte[] bytes = File.ReadAllBytes(Path);
        File.WriteAllBytes(Path, bytes[..(bytes.Length * 2 / 3)]);

        var error = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(Path));

        Assert.Contains($"'{Path}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Restore_OneModelOfAnotherVersion_RefusedNamingItAndEngineUnchanged()
    {
        var checkpoint = Trained(3).ToCheckpoint(Now);
        var damaged = checkpoint with
        {
            Workloads = [checkpoint.Workloads[0] with { DemandHistory = null }, checkpoint.Workloads[1] with { Model = checkpoint.Workloads[1].Model with { Version = 99 } }],
        };
        var engine = new RecommenderEngine(NullLogger.Instance);

        var error = Assert.Throws<InvalidDataException>(() => engine.Restore(damaged));

        Assert.StartsWith("workload '/y' in the checkpoint cannot be restored: workload model checkpoint version 99 is not supported", error.Message, StringComparison.Ordinal);
        Assert.Empty(engine.Workloads); // all or nothing: /x was not restored either
    }

    [Fact]
    public void Load_JsonFormat1FromAnEarlierBuild_RestoresTheSameRecommendations()
    {
        // Earlier builds wrote the checkpoint as one JSON document: an upgrade must keep that history.
        var original = Trained(6);
        File.WriteAllText(Path, JsonSerializer.Serialize(original.ToCheckpoint(Now), CheckpointJsonContext.Default.RecommenderCheckpoint));
        var restored = new RecommenderEngine(NullLogger.Instance);

        restored.Restore(CheckpointFile.Load(Path)!);

        Assert.Equal(RecommendationJson.Of(original.Recommend(Policy, Now)), RecommendationJson.Of(restored.Recommend(Policy, Now)));
    }

    [Fact]
    public void Save_BinaryFormat2_StartsWithItsHeaderAndIsSmallerThanTheJson()
    {
        var checkpoint = Trained(6).ToCheckpoint(Now);

        CheckpointFile.Save(Path, checkpoint);

        byte[] bytes = File.ReadAllBytes(Path);
        Assert.Equal("KTCP"u8.ToArray(), bytes[..4]);
        Assert.Equal(2, BitConverter.ToInt32(bytes, 4));
        Assert.True(bytes.Length < JsonSerializer.SerializeToUtf8Bytes(checkpoint, CheckpointJsonContext.Default.RecommenderCheckpoint).Length);
    }

    [Fact]
    public void SaveLoad_EveryFieldSetOrNull_SameRecordsAsTheJsonWouldGive()
    {
        // Fields the trained engine leaves at one value get the other: a version 2 model with throttled
        // minutes and no per-minute demand, a non-UTC time, no limit, negative and empty arrays.
        var trained = Trained(6).ToCheckpoint(Now);
        var model = trained.Workloads[0].Model;
        var odd = model with
        {
            Version = 2,
            MinuteDemand = null,
            ThrottledMinutes = 7,
            LimitCores = null,
            RequestCores = 0.125,
            LastIntervalTime = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.FromHours(-5.5)),
            DemandCensored = model.DemandCensored with { LimitMillicores = [-3, 250], Weights = [0.5, double.Epsilon], WeightedExcess = [], Total = 1e300 },
            Baseline = model.Baseline with { PendingMinute = null, PendingAllThrottledThroughout = true, PendingLastThrottledThroughout = false, PendingMemoryBytes = -1 },
        };
        var checkpoint = trained with { Workloads = [trained.Workloads[0] with { Model = odd }, trained.Workloads[1]] };

        CheckpointFile.Save(Path, checkpoint);
        var loaded = CheckpointFile.Load(Path)!;

        Assert.Equal(JsonSerializer.Serialize(checkpoint, CheckpointJsonContext.Default.RecommenderCheckpoint), JsonSerializer.Serialize(loaded, CheckpointJsonContext.Default.RecommenderCheckpoint));
    }

    [Fact]
    public void Load_BinaryOfAnotherFormatVersion_RefusedNamingPathAndFormats()
    {
        CheckpointFile.Save(Path, Trained(3).ToCheckpoint(Now));
        byte[] bytes = File.ReadAllBytes(Path);
        BitConverter.TryWriteBytes(bytes.AsSpan(4), 3);
        File.WriteAllBytes(Path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(Path));

        Assert.Equal($"state file '{Path}': binary checkpoint format 3; this build reads format 2 (and the JSON format 1); move it away to start afresh", error.Message);
    }

    [Fact]
    public void Load_BinaryWithBytesAfterTheEnd_Refused()
    {
        CheckpointFile.Save(Path, Trained(3).ToCheckpoint(Now));
        File.AppendAllText(Path, "x");

        var error = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(Path));

        Assert.Equal($"state file '{Path}': the binary checkpoint has an unknown section 120 after its 2 workloads; move it away to start afresh", error.Message); // 'x' = 120
    }

    /// <summary>An engine fed readings 0 … n−1 of /x (load 1) and /y (load 2): n − 1 intervals each.</summary>
    [Theory]
    [InlineData("negative-weight", "$.workloads[0].model.demandExact.weights[0] is -5: a checkpoint holds no negative numbers")]
    [InlineData("negative-periods", "$.workloads[0].model.periods is -1: a checkpoint holds no negative numbers")]
    [InlineData("negative-limit", "$.workloads[0].model.limitCores is -0.5: a checkpoint holds no negative numbers")]
    [InlineData("empty-name", "workloads[0] has an empty name")]
    [InlineData("duplicate", "is listed twice")]
    public void Load_CorruptNumbersOrNames_InvalidDataNamingTheJsonPath(string corruption, string expected)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(Trained(3).ToCheckpoint(Now), CheckpointJsonContext.Default.RecommenderCheckpoint))!;
        var first = node["workloads"]![0]!;
        switch (corruption)
        {
            case "negative-weight": first["model"]!["demandExact"]!["weights"]![0] = -5; break;
            case "negative-periods": first["model"]!["periods"] = -1; break;
            case "negative-limit": first["model"]!["limitCores"] = -0.5; break;
            case "empty-name": first["workload"] = " "; break;
            default: node["workloads"]!.AsArray().Add(first.DeepClone()); break;
        }

        File.WriteAllText(Path, node.ToJsonString());

        var ex = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(Path));

        Assert.Contains($"state file '{Path}' is corrupt: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SaveLoadRestore_StartsOfOneWorkload_SameStartupSummaryAfterRestart(bool binary)
    {
        // /x started twice (ready 1 s and 3 s, the second with a measured warm-up), /y never: after a save and a load
        // /x has both starts (p50 1 s, p90 3 s), /y none, and the recommendations are the same.
        var original = WithStarts();
        var checkpoint = original.ToCheckpoint(Now);
        if (binary)
        {
            CheckpointFile.Save(Path, checkpoint);
        }
        else
        {
            File.WriteAllText(Path, JsonSerializer.Serialize(checkpoint, CheckpointJsonContext.Default.RecommenderCheckpoint));
        }

        var restored = new RecommenderEngine(NullLogger.Instance);
        restored.Restore(CheckpointFile.Load(Path)!);

        Assert.Equal(original.Startup("/x"), restored.Startup("/x"));
        Assert.Equal(2, restored.Startup("/x")!.Starts);
        Assert.Equal(3.0, restored.Startup("/x")!.ReadySeconds!.P90, 6);
        Assert.Equal(0.5, restored.Startup("/x")!.WarmupCpuCoreSeconds!.P50, 6);
        Assert.Null(restored.Startup("/y"));
        Assert.Equal(RecommendationJson.Of(original.Recommend(Policy, Now)), RecommendationJson.Of(restored.Recommend(Policy, Now)));
    }

    [Fact]
    public void Load_JsonWithoutStartups_RestoresModelsWithNoStarts()
    {
        // A file from before starts were kept has no "startups" member at all.
        var json = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(WithStarts().ToCheckpoint(Now), CheckpointJsonContext.Default.RecommenderCheckpoint))!;
        foreach (var w in json["workloads"]!.AsArray())
        {
            w!.AsObject().Remove("startups");
        }

        File.WriteAllText(Path, json.ToJsonString());
        var restored = new RecommenderEngine(NullLogger.Instance);

        restored.Restore(CheckpointFile.Load(Path)!);

        Assert.Equal(5, restored.IntervalsOf("/x"));
        Assert.Null(restored.Startup("/x"));
    }

    [Fact]
    public void Save_NoStarts_BinaryEndsAfterTheWorkloadsAsBefore()
    {
        // Without starts no section is written: the file is byte for byte what format 2 was before starts were kept, so
        // files of earlier builds load (this test fails if a section, even an empty one, is always written).
        // Demand histories (their own section, after this one) are left out of both files to see the starts alone.
        var checkpoint = NoDemandHistories(Trained(6).ToCheckpoint(Now));
        CheckpointFile.Save(Path, checkpoint);
        byte[] without = File.ReadAllBytes(Path);

        CheckpointFile.Save(Path, NoDemandHistories(WithStarts().ToCheckpoint(Now)));
        byte[] with = File.ReadAllBytes(Path);

        // The starts section: tag, count, then for /x its index, version, count and 2 × (8 B key + 5 × 4 B floats).
        Assert.Equal(without.Length + 1 + 1 + 1 + 1 + 1 + (2 * 28), with.Length);
        Assert.Equal(CheckpointBinaryWriter.StartupsTag, with[without.Length]);
    }

    private static RecommenderCheckpoint NoDemandHistories(RecommenderCheckpoint checkpoint) =>
        checkpoint with { Workloads = [.. checkpoint.Workloads.Select(w => w with { DemandHistory = null, ForecastGuard = null })] };

    [Fact]
    public void Restore_StartWithNegativeCpu_RefusedNamingWorkloadAndField()
    {
        var checkpoint = WithStarts().ToCheckpoint(Now);
        var x = checkpoint.Workloads.Single(w => w.Workload == "/x");
        var damaged = x with { Startups = x.Startups! with { Starts = [x.Startups.Starts[0] with { CpuCoreSeconds = -1 }] } };
        var engine = new RecommenderEngine(NullLogger.Instance);

        var error = Assert.Throws<InvalidDataException>(() => engine.Restore(checkpoint with { Workloads = [damaged, checkpoint.Workloads.Single(w => w.Workload == "/y")] }));

        Assert.Contains("workload '/x'", error.Message, StringComparison.Ordinal);
        Assert.Contains("starts[0].cpuCoreSeconds is -1", error.Message, StringComparison.Ordinal);
        Assert.Empty(engine.Workloads);
    }

    /// <summary><see cref="Trained"/>(6) whose /x also reports two finished starts.</summary>
    private static RecommenderEngine WithStarts()
    {
        const ulong Ms = 1_000_000;
        var engine = new RecommenderEngine(NullLogger.Instance);
        for (int k = 0; k < 6; k++)
        {
            var first = new StartupSnapshot { CreatedNs = 5 * Ms, FirstExecNs = 6 * Ms, WindowNs = 60_000 * Ms, CpuNs = 800 * Ms, ThrottledNs = 0, ReadyAfterNs = 1000 * Ms, Complete = true };
            var second = first with { CreatedNs = 7 * Ms, ReadyAfterNs = 3000 * Ms, ReadyCpuNs = 500 * Ms, ReadyThrottledNs = 100 * Ms };
            engine.Ingest(Node(At(k), Steady(k, 42, "/x") with { Startup = first }, Steady(k, 44, "/x") with { Startup = second }, Steady(k, 43, "/y", load: 2)));
        }

        return engine;
    }

    private static RecommenderEngine Trained(int readings)
    {
        var engine = new RecommenderEngine(NullLogger.Instance);
        for (int k = 0; k < readings; k++)
        {
            engine.Ingest(Good(k));
        }

        return engine;
    }

    private static NodeSnapshot Good(int k) => Node(At(k), Steady(k, 42, "/x"), Steady(k, 43, "/y", load: 2));
}
