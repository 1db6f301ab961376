using KernelTruth.Cli.Commands;
using KernelTruth.Cli.Tests.Fakes;

namespace KernelTruth.Cli.Tests.Profiles;

/// <summary>`ktruth explain KIND/NAME` against the in-process API server.</summary>
public sealed class ExplainCommandTests
{
    [Fact]
    public async Task Explain_Deployment_ShowsMeasuredRecommendedPredictedAndEvidence()
    {
        await using var cluster = await ProfileCluster.StartAsync();

        var (code, output, error) = cluster.Ktruth("explain", "deployment/web", "-n", "shop");

        Assert.True(code == 0, error);
        Assert.StartsWith("shop/Deployment/web container app (WorkloadProfile deployment-web-app)\n", output, StringComparison.Ordinal);
        Assert.Contains("observed 1d 2h over 1 pod(s)", output, StringComparison.Ordinal);           // 93 784 s
        Assert.Contains("300m / 600m / 900m per period", output, StringComparison.Ordinal);          // demand p50/p95/p99
        Assert.Contains("CPU request      1000m → 500m (350m)", output, StringComparison.Ordinal);       // now → recommended (stock VPA)
        Assert.Contains("by the simulation", output, StringComparison.Ordinal);
        Assert.Contains("throttled periods 12.0% → 0.8%", output, StringComparison.Ordinal);
        Assert.Contains("the model's closed form: 1.0%", output, StringComparison.Ordinal);
        Assert.Contains("  - request = p95 of demand over 60 s windows", output, StringComparison.Ordinal);
        Assert.Contains("Condition RecommendationProvided=True Measured", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_ThrottledStarts_ShowsStartsAndTheBurstFix()
    {
        // The fake profile's starts: ready p50 0.35 s; a burst of 80 000 µs at 800m replays to 0.29 s.
        await using var cluster = await ProfileCluster.StartAsync();

        var (code, output, error) = cluster.Ktruth("explain", "deployment/web", "-n", "shop");

        Assert.True(code == 0, error);
        Assert.Contains("Starts (3 recent; p50 / p90)\n  ready (exec → listen/settled) 0.35s / 0.40s\n", output, StringComparison.Ordinal);
        Assert.Contains("by ready: CPU, throttled      0.80 core-s / 0.90 core-s, 0.60s / 0.70s", output, StringComparison.Ordinal);
        Assert.Contains("throttled: fix burst 80000µs at 800m: ready 0.35s → 0.29s", output, StringComparison.Ordinal);
        Assert.Contains("at the recommended 0.45s, with a burst of one quota 0.29s, unthrottled 0.20s (on ~4000m)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_NotRecommendedYet_SaysSo()
    {
        await using var cluster = await ProfileCluster.StartAsync();

        var (code, output, _) = cluster.Ktruth("explain", "deploy/api", "-n", "billing");

        Assert.Equal(0, code);
        Assert.Contains("none yet: the recommender has not written a recommendation", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_NoTarget_UsageError()
    {
        await using var cluster = await ProfileCluster.StartAsync(seed: false);

        var (code, output, error) = cluster.Ktruth("explain");

        Assert.Equal(CliExitCodes.Usage, code); // a missing argument is a parse error: 2, as the README documents
        Assert.Empty(output);
        Assert.NotEmpty(error.Trim());
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Empty(cluster.Server.Requests);
    }
}
