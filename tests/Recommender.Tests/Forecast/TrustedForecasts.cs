using KernelTruth.Recommender.Forecast;
using KernelTruth.Recommender.Logic;
using KernelTruth.Simulations.Forecast;

namespace KernelTruth.Recommender.Tests.Forecast;

/// <summary>
/// Drives an engine's demand forecasts to a trusted forecast, for the restart tests of both checkpoint stores:
/// <see cref="DiurnalTrace.Workloads"/> (seed 3, first two workloads) fed minute by minute (one 60 s interval ending
/// at each minute's end) for 8 days, the fit taken at day 8 (a day of examples after the first week), then 90 minutes
/// more so that the guard has checked ~88 forecasts. Shared with Cluster.Tests (linked), so only public engine members. Horizon with no measured start: 60 s + 15 s = 75 s ⇒ 2 minutes.
/// </summary>
internal static class TrustedForecasts
{
    public const int FitAt = 8 * 1440;

    /// <summary>The first minute not fed yet; the two before it are still open (MinuteSums hands minute m on when m + 2 arrives).</summary>
    public const int Next = FitAt + 90;

    private static readonly DateTimeOffset First = DateTimeOffset.UnixEpoch.AddMinutes(DiurnalTrace.FirstMinute);

    private static readonly Lazy<IReadOnlyList<double[]>> Traces = new(() => DiurnalTrace.Workloads(seed: 3, weeks: 2));

    /// <summary>Feeds minutes [0, <see cref="Next"/>) of the traces to <paramref name="workloads"/> (at most 2) and fits at <see cref="FitAt"/>.</summary>
    public static async Task DriveAsync(RecommenderEngine engine, params string[] workloads)
    {
        for (int m = 0; m < Next; m++)
        {
            Feed(engine, m, workloads);
            if (m == FitAt)
            {
                // The first poll starts the fit on another thread; a later one takes it (at most a minute on a busy machine).
                var now = First.AddMinutes(m);
                Assert.False(engine.Forecasts.Poll(now));
                for (int wait = 0; !engine.Forecasts.Poll(now); wait++)
                {
                    Assert.True(wait < 6000 && engine.Forecasts.LastFitFailure is null, $"no fit after {wait * 10} ms: {engine.Forecasts.LastFitFailure}");
                    await Task.Delay(10);
                }
            }
        }
    }

    /// <summary>Minute <paramref name="m"/> of each workload's trace, as one interval.</summary>
    public static void Feed(RecommenderEngine engine, int m, params string[] workloads)
    {
        for (int w = 0; w < workloads.Length; w++)
        {
            engine.Forecasts.Add(workloads[w], First.AddMinutes(m + 1), TimeSpan.FromMinutes(1), Traces.Value[w][m] * 60);
        }
    }

    /// <summary>
    /// After a restore: the two minutes the running engine held open (not checkpointed: a restart loses them) and the
    /// next three reach <paramref name="restored"/>; the next three reach <paramref name="running"/> too. Both then
    /// publish what they made at minute <see cref="Next"/>.
    /// </summary>
    public static void Resume(RecommenderEngine running, RecommenderEngine restored, params string[] workloads)
    {
        Feed(restored, Next - 2, workloads);
        Feed(restored, Next - 1, workloads);
        for (int m = Next; m < Next + 3; m++)
        {
            Feed(running, m, workloads);
            Feed(restored, m, workloads);
        }
    }
}
