using KernelTruth.Recommender.Forecast;

namespace KernelTruth.Recommender.Tests.Forecast;

/// <summary>
/// The published forecast kept as numbers and made into the record when read: the same record, reason text and all,
/// as was made each minute before (the texts below are those DemandForecasts wrote, with the numbers put in).
/// </summary>
public sealed class PublishedDemandTests
{
    private const long Minute = 29_459_520; // 2026-01-05 00:00 UTC
    private static readonly DateTimeOffset MadeAt = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("HistoryShort", 72, 0, null, "the history covers 72 of the week's 168 hours (a forecast needs half an hour of data in each)")]
    [InlineData("HistoryShort", 0, 0, null, "the history covers 0 of the week's 168 hours (a forecast needs half an hour of data in each)")]
    [InlineData("NoForecaster", 57, 0, null, "no forecaster fitted yet (57 examples, a fit needs 100)")]
    [InlineData("NoForecasterRefused", 1234, 0, "feature count 8, this build has 9", "no forecaster fitted yet (1234 examples, a fit needs 100); the checkpoint's could not be loaded: feature count 8, this build has 9")]
    [InlineData("FewChecked", 3, 0, null, "3 of 30 forecasts have been checked against what happened")]
    [InlineData("TooFarOff", 0, 0.374, null, "recent forecasts were 37 % off, above the 25 % allowed")]
    [InlineData("TooFarOff", 0, 1.5, null, "recent forecasts were 150 % off, above the 25 % allowed")]
    public void ToForecast_EachReactiveReason_TheTextAsBeforeAndTheReactiveValue(string reason, int count, double error, string? refused, string text)
    {
        var kind = Enum.Parse<ReactiveReasonKind>(reason);
        var published = new PublishedDemand(2.5, kind is ReactiveReasonKind.FewChecked or ReactiveReasonKind.TooFarOff ? 3.1 : null, 75, kind, count, refused);

        var f = published.ToForecast(Minute, error);

        Assert.Equal(text, f.Reason);
        Assert.Equal(new DemandForecast(2.5, ForecastSources.Reactive, text, 75, 2.5, MadeAt, published.PredictedCores), f);
    }

    [Theory]
    [InlineData(3.1, 2.5, 3.1)] // above the last minute: the forecast
    [InlineData(2.0, 2.5, 2.5)] // below it: never below the demand now
    public void ToForecast_Trusted_ForecastNeverBelowTheLastMinute(double predicted, double reactive, double cores)
    {
        var f = new PublishedDemand(reactive, predicted, 135, ReactiveReasonKind.None).ToForecast(Minute, 0.1);

        Assert.Equal(new DemandForecast(cores, ForecastSources.Forecast, null, 135, reactive, MadeAt, predicted), f);
    }

    [Theory]
    [InlineData("None", 3.1)] // trusted: the forecast
    [InlineData("FewChecked", 3.1)] // a prediction made but not trusted: the reactive value
    [InlineData("NoForecaster", null)]
    public void CoresAndFromForecaster_AnyPublished_WhatTheRecordSays(string reason, double? predicted)
    {
        // What the metrics adapter reads for every pod, without the record and its text: the same value and source.
        var published = new PublishedDemand(2.5, predicted, 75, Enum.Parse<ReactiveReasonKind>(reason), 3);

        var f = published.ToForecast(Minute, 0.4);

        Assert.Equal((f.Cores, f.Source == ForecastSources.Forecast), (published.Cores, published.FromForecaster));
    }

    [Theory]
    [InlineData("None", 3.1, 0, 0, null)]
    [InlineData("HistoryShort", null, 72, 0, null)]
    [InlineData("NoForecasterRefused", null, 1234, 0, "feature count 8, this build has 9")]
    [InlineData("FewChecked", 3.1, 3, 0, null)]
    [InlineData("TooFarOff", double.NaN, 0, 0.374, null)]
    public void Constructor_AnyReasonAndPrediction_EveryNumberBackAsGiven(string reason, double? predicted, int count, double error, string? refused)
    {
        // Kept flat (40 bytes), read back as the record it was made from; the error is the guard's, handed in when read.
        var kind = Enum.Parse<ReactiveReasonKind>(reason);

        var published = new PublishedDemand(2.5, predicted, 75, kind, count, refused);

        Assert.Equal((2.5, predicted, 75.0, new ReactiveReason(kind, count, error, refused), true), (published.ReactiveCores, published.PredictedCores, published.HorizonSeconds, published.Reason(error), published.Made));
        Assert.False(default(PublishedDemand).Made);
    }

    [Theory]
    [InlineData("None")]
    [InlineData("HistoryShort")]
    [InlineData("FewChecked")]
    public void Reason_AnotherReasonThanTooFarOff_NoErrorWhateverTheGuardHolds(string reason)
    {
        // As the reason was made before: only TooFarOff carried the guard's error, every other kind 0.
        var published = new PublishedDemand(2.5, 3.1, 75, Enum.Parse<ReactiveReasonKind>(reason), 3);

        Assert.Equal(0, published.Reason(0.374).Error);
    }

    [Fact]
    public void SizeOf_NumbersKeptFlatWithoutTheMinuteAndTheError_40Bytes()
    {
        // Reference (8) + three doubles (24) + count (4) + kind and two flags (3) = 39, padded to 40. With the minute
        // and the guard's error kept again here (both held by the workload's state already) it was 56; kept as the five
        // values (the reason 24 bytes padded, the prediction a 16-byte double?) 64, and 72 as a Nullable.
        Assert.Equal(40, System.Runtime.CompilerServices.Unsafe.SizeOf<PublishedDemand>());
    }

    [Fact]
    public void ForecastCores_MinutesFinished_TheValueOfForecastWithoutItsRecord()
    {
        // 1 core for three minutes: minute 0 is handed on when minute 2 arrives, reactive (no week of history).
        var forecasts = new DemandForecasts(ForecastSettings.Default, _ => null);
        Assert.Null(forecasts.ForecastCores("w"));
        for (int m = 1; m <= 3; m++)
        {
            forecasts.Add("w", MadeAt.AddMinutes(m), TimeSpan.FromMinutes(1), 60);
        }

        var f = forecasts.Forecast("w")!;
        Assert.Equal((1.0, false), forecasts.ForecastCores("w"));
        Assert.Equal((ForecastSources.Reactive, 1.0), (f.Source, f.Cores));
    }
}
