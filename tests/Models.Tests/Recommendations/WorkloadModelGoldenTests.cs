using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KernelTruth.Models.Checkpoint;
using KernelTruth.Models.Recommendations;
using KernelTruth.Models.Tests.Checkpoint;
using KernelTruth.Models.Tests.Fakes;

namespace KernelTruth.Models.Tests.Recommendations;

/// <summary>
/// Every answer a model gives over long, awkward histories (<see cref="VariedHistory"/>), bit for bit as the
/// model gave them before its memory layout was compacted: the recommendations every 250 intervals and the final
/// checkpoint, each as JSON (doubles in shortest round-trip form), with a save and restore half-way. A compaction
/// that drops, reorders, rounds or mis-grows anything changes a digest. The digests were recorded on main 466b5ae
/// (histograms as separate objects, slack in entry arrays, room for four censored limits from the first).
/// </summary>
public sealed class WorkloadModelGoldenTests
{
    private const int Steps = 1500;
    private static readonly RecommendationPolicy Policy = new();

    private static readonly string[] Expected =
    [
        "0:CB7949348D35E22C3C05810AB385755D",
        "1:EE0F0179B0FB6F9C2E280ECF3D79F039",
        "2:B59B4449495051B220AE331C21A9FA84",
        "3:9142441146CBB8A6C259A27AD50FF5C2",
        "4:8DE33B238C838857365846E36C1A88A0",
        "5:B976891744D5EA2BA57289F5B8EB8216",
        "6:4FBEBF12DA391B20C9360E9FE38CBFDA",
        "7:FA3E04372F2096476C0237E6E217F594",
        "8:57AB11AF895FDAAB638C9B6C6988E04A",
        "9:EF62A16451CDB2CD3D8CB131DDF3D929",
        "10:FF99E02EDDB689B2E85173F004FC9411",
        "11:68F0EF27683A3A6445577DCCE31018F4",
        "12:ED1442D82F818A53F7DC46A791EAA304",
        "13:BA4C94E1FA2AE82DE83979542186C6AC",
        "14:B9023BDC564833ACD177673849FC201E",
        "15:A4D78C57D7CEF895AD6BB47125FCBA59",
    ];

    [Fact]
    public void Answers_VariedHistories_EqualThoseBeforeCompaction()
    {
        var finals = new List<WorkloadModelCheckpoint>();
        string[] actual = Enumerable.Range(0, 16).Select(w => Digest(w, finals)).ToArray();

        // The histories reach what a compaction could get wrong: all four censored limits held (six were seen), no
        // throttling or no contention at all (parts left empty), and entries merged or dropped under a small budget.
        Assert.Contains(finals, c => c.DemandCensored.LimitMillicores.Length == 4);
        Assert.Contains(finals, c => c.Throttle.Waits.Buckets.Length == 0);
        Assert.Contains(finals, c => c.ContentionWait.Buckets.Length == 0);
        Assert.Contains(finals, c => c.DemandExact.Buckets.Length == 8);

        Assert.True(Expected.SequenceEqual(actual), "answers differ from the recorded ones; now:\n" + string.Join("\n", actual.Select(d => $"        \"{d}\",")));
    }

    private static string Digest(int workload, List<WorkloadModelCheckpoint> finals)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        ModelOptions? options = VariedHistory.Options(workload);
        var model = new WorkloadModel(options);
        int step = 0;
        foreach (var interval in VariedHistory.Of(workload, Steps))
        {
            Assert.Empty(model.Add(interval));
            step++;
            if (step % 250 == 0)
            {
                Append(hash, JsonSerializer.Serialize(model.Recommend(Policy, interval.Time), TestJsonContext.Default.Recommendation));
            }

            if (step == Steps / 2)
            {
                // Through JSON, as a state file would: the restored model must go on exactly as the original.
                string saved = JsonSerializer.Serialize(model.ToCheckpoint(), TestJsonContext.Default.WorkloadModelCheckpoint);
                Append(hash, saved);
                model = WorkloadModel.FromCheckpoint(JsonSerializer.Deserialize(saved, TestJsonContext.Default.WorkloadModelCheckpoint)!, options);
            }
        }

        WorkloadModelCheckpoint final = model.ToCheckpoint();
        finals.Add(final);
        Append(hash, JsonSerializer.Serialize(final, TestJsonContext.Default.WorkloadModelCheckpoint));
        return $"{workload}:{Convert.ToHexString(hash.GetHashAndReset())[..32]}";
    }

    private static void Append(IncrementalHash hash, string text) => hash.AppendData(Encoding.UTF8.GetBytes(text + "\n"));
}
