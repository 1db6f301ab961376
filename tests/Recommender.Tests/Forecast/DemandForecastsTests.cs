using KernelTruth.Recommender.Forecast;
using KernelTruth.Simulations.Forecast;

namespace KernelTruth.Recommender.Tests.Forecast;

/// <summary>
/// The recommender's demand forecasts fed minute by minute as the engine feeds them. Traces from
/// <see cref="DiurnalTrace.Workloads"/> (8 workloads, night 0.5–4 cores, weekday peaks 4–10 × that), each minute one
/// 60 s interval ending at the minute's end. Horizon with no measured start: 60 s + 15 s sync = 75 s ⇒ 2 minutes.
/// </summary>
public sealed class DemandForecastsTests
{
    private static readonly DateTimeOffset First = DateTimeOffset.UnixEpoch.AddMinutes(DiurnalTrace.FirstMinute); // Monday 2026-01-05

    private static DateTimeOffset MinuteEnd(int m) => First.AddMinutes(m + 1);

    private static DemandForecasts Forecasts() => new(ForecastSettings.Default, _ => null);

    [Fact]
    public void Add_ThreeReplicasTenSecondIntervals_MinuteIsTheirSumAndHandedOnTwoMinutesLater()
    {
        var forecasts = Forecasts();
        for (int replica = 0; replica < 3; replica++)
        {
            for (int s = 10; s <= 60; s += 10)
            {
                forecasts.Add("w", First.AddSeconds(s), TimeSpan.FromSeconds(10), 0.5 * 10); // 0.5 cores each
            }
        }

        forecasts.Add("w", First.AddMinutes(1).AddSeconds(10), TimeSpan.FromSeconds(10), 5);
        Assert.Null(forecasts.Forecast("w")); // minute 0 stays open while minute 1 comes in
        forecasts.Add("w", First.AddMinutes(2).AddSeconds(10), TimeSpan.FromSeconds(10), 5);

        var f = forecasts.Forecast("w")!;
        Assert.Equal(1.5, f.ReactiveCores, 9); // 3 × 6 × 5 core-seconds / 60 s
        Assert.Equal((ForecastSources.Reactive, 1.5), (f.Source, f.Cores));
        Assert.Equal(First, f.MadeAt);
        Assert.Equal(75, f.HorizonSeconds);
    }

    [Fact]
    public void Add_FiveMinuteStepLikePrometheus_SpreadOverItsMinutes()
    {
        var forecasts = Forecasts();
        forecasts.Add("w", First.AddMinutes(5), TimeSpan.FromMinutes(5), 150); // 0.5 cores for 5 minutes
        forecasts.Add("w", First.AddMinutes(10), TimeSpan.FromMinutes(5), 300); // then 1 core

        // Minutes 0–7 are handed on (8 and 9 stay open): the last handed on is minute 7 of the second step, 1 core.
        var f = forecasts.Forecast("w")!;
        Assert.Equal(First.AddMinutes(7), f.MadeAt);
        Assert.Equal(1.0, f.ReactiveCores, 9);
    }

    [Fact]
    public async Task Forecast_DiurnalTraces_ReactiveWithReasonUntilAWeekAndAFit_ThenTheForecasterTrustedAndNotTheReactiveValue()
    {
        var traces = DiurnalTrace.Workloads(seed: 3, weeks: 2);
        var forecasts = Forecasts();
        const int Week = 7 * 1440;
        const int FitAt = Week + 1440; // a day of examples after the first week
        var published = new List<(int Minute, DemandForecast F)>();
        for (int m = 0; m < traces[0].Length; m++)
        {
            for (int w = 0; w < traces.Count; w++)
            {
                forecasts.Add($"w{w}", MinuteEnd(m), TimeSpan.FromMinutes(1), traces[w][m] * 60);
            }

            if (m == 3 * 1440)
            {
                var early = forecasts.Forecast("w0")!;
                Assert.Equal(ForecastSources.Reactive, early.Source);
                Assert.Equal(early.ReactiveCores, early.Cores);
                Assert.Contains("of the week's 168 hours", early.Reason, StringComparison.Ordinal);
            }

            if (m == FitAt)
            {
                var beforeFit = forecasts.Forecast("w0")!;
                Assert.Equal(ForecastSources.Reactive, beforeFit.Source);
                Assert.Contains("no forecaster fitted yet", beforeFit.Reason, StringComparison.Ordinal);
                Assert.True(forecasts.Examples >= ForecastTraining.MinExamples, $"{forecasts.Examples} examples after a day with a week of history");
                forecasts.Poll(MinuteEnd(m)); // starts the fit on another thread
                await forecasts.Fitting!;
                Assert.True(forecasts.Poll(MinuteEnd(m))); // takes it
            }

            if (m > FitAt + 60)
            {
                published.Add((m - 2, forecasts.Forecast("w0")!)); // minute m closed m − 2 (m − 1 stays open): made there, for m
            }
        }

        Assert.True(forecasts.Fitted);
        var fromForecaster = published.Where(p => p.F.Source == ForecastSources.Forecast).ToList();
        Assert.True(fromForecaster.Count > published.Count / 2, $"{fromForecaster.Count} of {published.Count} minutes published the forecast");
        Assert.All(fromForecaster, p => Assert.Null(p.F.Reason));

        // The value is the forecaster's, never below the last minute's demand; its prediction is not that demand, and
        // ahead of the morning ramps the published value is above it.
        Assert.All(fromForecaster, p => Assert.Equal(Math.Max(p.F.PredictedCores!.Value, p.F.ReactiveCores), p.F.Cores));
        Assert.True(fromForecaster.Count(p => Math.Abs(p.F.PredictedCores!.Value - p.F.ReactiveCores) > 0.01 * p.F.ReactiveCores) > fromForecaster.Count / 2);
        Assert.True(fromForecaster.Count(p => p.F.Cores > 1.05 * p.F.ReactiveCores) > 10, "the forecast leads the demand somewhere");

        // And it is a forecast of the minute 2 ahead: its error there is within the guard's 25 % on average.
        double ape = fromForecaster.Where(p => p.Minute + 2 < traces[0].Length).Average(p => Math.Abs(p.F.PredictedCores!.Value - traces[0][p.Minute + 2]) / Math.Max(traces[0][p.Minute + 2], 0.05));
        Assert.True(ape < ForecastGuard.Threshold, $"mean APE {ape:P1} of the forecasts");
    }

    [Fact]
    public void Forget_Workload_HistoryGoneAndItsForecastToo()
    {
        var forecasts = Forecasts();
        for (int m = 0; m < 5; m++)
        {
            forecasts.Add("a", MinuteEnd(m), TimeSpan.FromMinutes(1), 60);
            forecasts.Add("b", MinuteEnd(m), TimeSpan.FromMinutes(1), 60);
        }

        Assert.True(forecasts.Forget("a"));

        Assert.Equal(1, forecasts.Count);
        Assert.Null(forecasts.Forecast("a"));
        Assert.Null(forecasts.Save("a"));
        Assert.NotNull(forecasts.Save("b"));
    }

    [Fact]
    public void SaveRestore_AWeekOfHistory_ForecastsLeaveTheWeekFallbackAtOnce()
    {
        var trace = DiurnalTrace.Workloads(seed: 5, weeks: 1)[0];
        var forecasts = Forecasts();
        for (int m = 0; m < trace.Length; m++)
        {
            forecasts.Add("w", MinuteEnd(m), TimeSpan.FromMinutes(1), trace[m] * 60);
        }

        byte[] saved = forecasts.Save("w")!;
        var restored = Forecasts();
        restored.Restore("w", DemandHistory.FromBytes(saved));
        Assert.Equal(saved, restored.Save("w"));

        // The next minutes after the restart: the week is there, only the fit is missing.
        for (int m = trace.Length; m < trace.Length + 3; m++)
        {
            restored.Add("w", MinuteEnd(m), TimeSpan.FromMinutes(1), 60);
        }

        Assert.Contains("no forecaster fitted yet", restored.Forecast("w")!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Horizon_MeasuredStart_StartPlusSyncInWholeMinutes()
    {
        var settings = ForecastSettings.Default with { HpaSyncPeriod = TimeSpan.FromSeconds(30) };

        Assert.Equal((70, 2), (settings.HorizonSeconds(40), settings.HorizonMinutes(40))); // 40 + 30 = 70 s ⇒ 2 min
        Assert.Equal((35, 1), (settings.HorizonSeconds(5), settings.HorizonMinutes(5)));
        Assert.Equal(90, settings.HorizonSeconds(null)); // unmeasured: 60 + 30
        Assert.Equal(1800 + 30, settings.HorizonSeconds(7200)); // clamped to 30 min
    }
}
