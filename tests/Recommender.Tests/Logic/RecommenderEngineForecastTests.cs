using KernelTruth.Models.Input;
using KernelTruth.Recommender.Forecast;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Tests.Fakes;

namespace KernelTruth.Recommender.Tests.Logic;

/// <summary>
/// The engine feeds its demand histories from the intervals its models get: here Prometheus-like history through
/// <see cref="RecommenderEngine.Bootstrap"/>, 5-minute steps at 0.4 cores on weekdays' working hours and 0.1 otherwise.
/// </summary>
public sealed class RecommenderEngineForecastTests
{
    private static readonly DateTimeOffset Monday = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
    private readonly ListLogger _log = new();

    private static IEnumerable<WorkloadInterval> Steps(int days)
    {
        for (int k = 1; k <= days * 288; k++)
        {
            var end = Monday.AddMinutes(5 * k);
            double cores = end.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && end.Hour is >= 8 and < 18 ? 0.4 : 0.1;
            yield return new WorkloadInterval { Time = end, Duration = TimeSpan.FromMinutes(5), UsageCores = cores, Periods = 3000 };
        }
    }

    [Fact]
    public void Bootstrap_EightDaysOfFiveMinuteSteps_HistoryCoversTheWeekAndWaitsOnlyForAFit()
    {
        var engine = new RecommenderEngine(_log);

        Assert.Equal(8 * 288, engine.Bootstrap("shop/Deployment/web/app", Steps(8), "prometheus"));

        var f = engine.Forecast("shop/Deployment/web/app")!;
        Assert.Equal(ForecastSources.Reactive, f.Source);
        Assert.Contains("no forecaster fitted yet", f.Reason, StringComparison.Ordinal); // not "covers N of the week's 168 hours"
        Assert.Equal(0.1, f.ReactiveCores, 9); // the last minute handed on: Monday night of the second week
        Assert.True(engine.Forecasts.Examples > 0, "a day of a full week's history gives the first fit its examples");
    }

    [Fact]
    public void Bootstrap_ThreeDays_ReactiveSayingHowMuchOfTheWeekIsCovered()
    {
        var engine = new RecommenderEngine(_log);
        engine.Bootstrap("w", Steps(3), "prometheus");

        // 3 days of 24 hours, less the last minutes still open (the history's last 2 minutes of Wednesday 23:00 hour
        // are handed on only by later data): Monday–Wednesday's 72 hours, each with 60 samples but the last with 58.
        Assert.Contains("covers 72 of the week's 168 hours", engine.Forecast("w")!.Reason, StringComparison.Ordinal);

        Assert.True(engine.Forget("w"));
        Assert.Null(engine.Forecast("w"));
        Assert.Equal(0, engine.Forecasts.Count);
    }

    [Fact]
    public void Bootstrap_HistoryAddedBeforeTheModel_TheModelsEntryTakesItAndTheCheckpointSavesIt()
    {
        // Two days fed to the forecasts alone, then the model bootstrapped from the third: one history of three days.
        var engine = new RecommenderEngine(_log);
        var reference = new DemandForecasts(ForecastSettings.Default, _ => null);
        foreach (var interval in Steps(3).Take(2 * 288))
        {
            engine.Forecasts.Add("w", interval);
            reference.Add("w", interval);
        }

        engine.Bootstrap("w", Steps(3).Skip(2 * 288), "prometheus");
        foreach (var interval in Steps(3).Skip(2 * 288))
        {
            reference.Add("w", interval);
        }

        Assert.Equal(1, engine.Forecasts.Count);
        Assert.Equal(reference.Forecast("w"), engine.Forecast("w"));
        Assert.Equal(reference.Save("w"), engine.ToCheckpoint(Monday.AddDays(3)).Workloads.Single().DemandHistory);
    }

    [Fact]
    public void Restore_CheckpointWithoutAHistoryOverAWorkloadWithOne_HistoryKept()
    {
        // As when histories were kept apart from the models: restoring a model does not drop the history held for it.
        var engine = new RecommenderEngine(_log);
        engine.Bootstrap("w", Steps(3), "prometheus");
        byte[] held = engine.Forecasts.Save("w")!;
        var checkpoint = engine.ToCheckpoint(Monday.AddDays(3));

        engine.Restore(checkpoint with { Workloads = [.. checkpoint.Workloads.Select(w => w with { DemandHistory = null, ForecastGuard = null })] });

        Assert.Equal(held, engine.Forecasts.Save("w"));
        Assert.Equal(1, engine.Forecasts.Count);
    }
}
