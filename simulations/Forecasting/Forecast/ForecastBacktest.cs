using KernelTruth.Simulations.Hpa;
using KernelTruth.Simulations.Replay;

namespace KernelTruth.Simulations.Forecast;

/// <summary>
/// The forecaster's proof on per-minute traces: fit the global model on every series before
/// <see cref="Split"/> (the last week is held out), then over the held-out week compare its error with seasonal-naive
/// (the same minute a week earlier) and persistence (the minute the forecast is made: what reacting assumes), and
/// replay the target series' week through the HPA on each signal.
/// </summary>
public static class ForecastBacktest
{
    /// <param name="series">Per-minute demand (cores) of several workloads, all starting at <paramref name="firstMinute"/>; the last is replayed.</param>
    /// <param name="split">First minute of the held-out stretch (at least two weeks in: one to fill the history, one to learn from).</param>
    public static ForecastBacktestResult Run(IReadOnlyList<double[]> series, long firstMinute, int split, HpaSettings settings, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(settings);
        const int Week = 7 * 1440;
        if (split < 2 * Week)
        {
            throw new ArgumentException($"the held-out stretch starts at minute {split}; the forecaster needs two weeks before it (one to fill the history, one to learn from)", nameof(split));
        }

        int horizon = HorizonMinutes(settings);
        var examples = series.SelectMany(s => ForecastWalk.Examples(s[..split], firstMinute, horizon, strideMinutes: 5)).ToList();
        var forecaster = DemandForecaster.Train(examples, seed);

        double[] target = series[^1];
        double[] ahead = ForecastWalk.Forecasts(forecaster, target, firstMinute, horizon);
        var (published, fallback) = PublishedForecast.From(ahead, target, horizon);
        var model = new List<(double, double)>();
        var naive = new List<(double, double)>();
        var persistence = new List<(double, double)>();
        for (int m = split + horizon; m < target.Length; m++)
        {
            model.Add((ahead[m], target[m]));
            naive.Add((target[m - Week], target[m]));
            persistence.Add((target[m - horizon], target[m]));
        }

        var week = target[split..];
        var publishedWeek = published[split..];
        var demand = Demand(week);
        HpaResult Replay(HpaSignal signal, Func<double, double>? f = null) => HpaReplay.Run(demand, settings with { Signal = signal }, f);
        return new ForecastBacktestResult(
            horizon,
            examples.Count,
            ForecastErrors.Of("forecast (FastTree)", model),
            ForecastErrors.Of("seasonal-naive (a week ago)", naive),
            ForecastErrors.Of("persistence (now)", persistence),
            publishedWeek.Count(double.IsNaN),
            Replay(HpaSignal.CpuAverage),
            Replay(HpaSignal.DemandUtilization),
            Replay(HpaSignal.Forecast, t => publishedWeek[Math.Min((int)(t / 60), publishedWeek.Length - 1)]));
    }

    /// <summary>One pod start plus one sync, in whole minutes: what the forecast must see ahead. 60 s + 15 s ⇒ 2 minutes.</summary>
    public static int HorizonMinutes(HpaSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Math.Max(1, (int)Math.Ceiling((settings.PodStartDelay + settings.SyncPeriod).TotalMinutes));
    }

    /// <summary>Per-minute cores as 1 s periods (no limit: CFS plays no part in the comparison).</summary>
    private static DemandSeries Demand(double[] minutes)
    {
        var arrivals = new double[minutes.Length * 60];
        for (int i = 0; i < arrivals.Length; i++)
        {
            arrivals[i] = minutes[i / 60];
        }

        return new DemandSeries(1.0, arrivals, 1024, CensoringInfo.None(arrivals.Length));
    }
}

/// <summary>A backtest's figures: forecast errors over the held-out stretch and the HPA replays of it.</summary>
public sealed record ForecastBacktestResult(
    int HorizonMinutes,
    int TrainingExamples,
    ForecastErrors Model,
    ForecastErrors SeasonalNaive,
    ForecastErrors Persistence,
    int FallbackMinutes,
    HpaResult CpuAverage,
    HpaResult DemandUtilization,
    HpaResult Forecast)
{
    /// <summary>The reactive replay with the fewest under-provisioned minutes (fewer replica-hours on a tie).</summary>
    public (string Signal, HpaResult Result) BestReactive =>
        CpuAverage.UnderProvisionedMinutes < DemandUtilization.UnderProvisionedMinutes
        || (CpuAverage.UnderProvisionedMinutes == DemandUtilization.UnderProvisionedMinutes && CpuAverage.ReplicaHours <= DemandUtilization.ReplicaHours)
            ? ("CpuAverage", CpuAverage)
            : ("DemandUtilization", DemandUtilization);
}
