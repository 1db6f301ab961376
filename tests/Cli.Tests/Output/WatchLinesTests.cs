using System.Text.Json;
using KernelTruth.Cli.Output;
using KernelTruth.Cli.Watching;
using KernelTruth.Recommender.Logic;

namespace KernelTruth.Cli.Tests.Output;

/// <summary>`ktruth watch` piped and --json: each line and each recommendation carries the simulation engine's predicted effect of the recommended limit.</summary>
public sealed class WatchLinesTests
{
    [Fact]
    public async Task Write_RowWithSimulatedEffect_PredictedThrottledAndWaitOnTheLine()
    {
        var observation = await RecommendDocumentTests.Observe();
        var simulated = observation.Simulated!;
        var row = new WatchRow(observation.Path, observation.Window, observation.Recommendation, null, simulated);
        using var output = new StringWriter();

        WatchLines.Write(output, new WatchFrame(DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), 1, [row]));

        string line = output.ToString();
        Assert.Contains($" predicted_throttled={Units.Percent(simulated.ThrottledPeriodsRatio)}", line, StringComparison.Ordinal);
        Assert.Contains($" predicted_throttle_wait_p99={Units.Duration(simulated.ThrottleWaitP99Seconds)}", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchJson_RecommendationCarriesSimulated()
    {
        var observation = await RecommendDocumentTests.Observe();
        var document = new WatchDocument
        {
            TakenAt = DateTimeOffset.UnixEpoch,
            ObservedSeconds = 5,
            Activity = [],
            Recommendations = [new WorkloadRecommendation(observation.Path, observation.Recommendation, null, observation.Simulated)],
        };

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(document, CliJsonContext.Default.WatchDocument));

        var simulated = json.RootElement.GetProperty("recommendations")[0].GetProperty("simulated");
        Assert.Equal(observation.Simulated!.ThrottledPeriodsRatio, simulated.GetProperty("throttledPeriodsRatio").GetDouble());
        Assert.Equal(observation.Recommendation.Cpu.LimitCores, simulated.GetProperty("limitCores").GetDouble());
    }

    [Fact]
    public async Task Write_RowWithoutSimulatedEffect_NoPrediction()
    {
        var observation = await RecommendDocumentTests.Observe();
        var row = new WatchRow(observation.Path, observation.Window, observation.Recommendation, null);
        using var output = new StringWriter();

        WatchLines.Write(output, new WatchFrame(DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), 1, [row]));

        Assert.DoesNotContain("predicted_", output.ToString(), StringComparison.Ordinal);
    }
}
