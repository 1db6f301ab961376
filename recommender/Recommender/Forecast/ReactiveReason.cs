using System.Globalization;
using KernelTruth.Simulations.Forecast;

namespace KernelTruth.Recommender.Forecast;

/// <summary>
/// Why the reactive value is published, kept as its kind and the one or two numbers the text needs (24 bytes inline
/// instead of a string of 60–100 characters, ~150–250 bytes, made every minute); the text is made when a forecast is
/// read (<see cref="Text"/>). Example: (<see cref="ReactiveReasonKind.FewChecked"/>, 3) reads "3 of 30 forecasts have
/// been checked against what happened".
/// </summary>
/// <param name="Count">Hours covered, examples collected or forecasts checked, by <paramref name="Kind"/>.</param>
/// <param name="Error">The guard's recent error (a fraction) for <see cref="ReactiveReasonKind.TooFarOff"/>.</param>
/// <param name="RefusedModel">Why the checkpoint's forecaster could not be loaded, for <see cref="ReactiveReasonKind.NoForecasterRefused"/>.</param>
internal readonly record struct ReactiveReason(ReactiveReasonKind Kind, int Count = 0, double Error = 0, string? RefusedModel = null)
{
    /// <summary>The reason as published in <see cref="DemandForecast.Reason"/>; null for <see cref="ReactiveReasonKind.None"/> (the forecast is published).</summary>
    public string? Text() => Kind switch
    {
        ReactiveReasonKind.None => null,
        ReactiveReasonKind.HistoryShort => Invariant($"the history covers {Count} of the week's {DemandHistory.HoursPerWeek} hours (a forecast needs half an hour of data in each)"),
        ReactiveReasonKind.NoForecaster => Invariant($"no forecaster fitted yet ({Count} examples, a fit needs {ForecastTraining.MinExamples})"),
        ReactiveReasonKind.NoForecasterRefused => Invariant($"no forecaster fitted yet ({Count} examples, a fit needs {ForecastTraining.MinExamples}); the checkpoint's could not be loaded: {RefusedModel}"),
        ReactiveReasonKind.FewChecked => Invariant($"{Count} of {ForecastGuard.MinMatured} forecasts have been checked against what happened"),
        ReactiveReasonKind.TooFarOff => Invariant($"recent forecasts were {Error:P0} off, above the {ForecastGuard.Threshold:P0} allowed"),
        _ => throw new InvalidOperationException($"no text for reactive reason {Kind}"),
    };

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Why a workload's forecast falls back to the reactive value; <see cref="None"/> when the forecast is published.</summary>
internal enum ReactiveReasonKind : byte
{
    None,

    /// <summary>Some hour of the week has less than half an hour of data.</summary>
    HistoryShort,

    /// <summary>No fit has finished yet.</summary>
    NoForecaster,

    /// <summary>No fit has finished yet, and the checkpoint's forecaster could not be loaded.</summary>
    NoForecasterRefused,

    /// <summary>Fewer than <see cref="ForecastGuard.MinMatured"/> forecasts have been checked.</summary>
    FewChecked,

    /// <summary>The guard's recent error is above <see cref="ForecastGuard.Threshold"/>.</summary>
    TooFarOff,
}
