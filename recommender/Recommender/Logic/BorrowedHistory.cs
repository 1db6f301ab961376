using KernelTruth.Models.Recommendations;
using KernelTruth.Recommender.Checkpoint;

namespace KernelTruth.Recommender.Logic;

/// <summary>
/// A workload whose model started from history the sensor did not measure (Prometheus' cAdvisor series, one coarse
/// interval per query step): its recommendations say so and carry half the confidence until the sensor's own data
/// takes over, which is when the sensor has measured it for one demand half-life. Why one half-life: every histogram
/// decays by half per half-life, so by then the sensor's intervals hold at least half of the decayed weight, whatever
/// came before. Worked example (24 h half-life): bootstrapped at 08:00 from 14 days of history, first sensor interval
/// at 08:00:10; a recommendation at 20:00 is "prometheus", confidence × 0.5; from 08:00:10 the next day, the model's own.
/// Why half: a step's average hides every peak shorter than the step, and the per-period demand behind the limit is
/// only the step's mean, so the answer is as uncertain as one built on half the history.
/// </summary>
internal sealed class BorrowedHistory(string source, TimeSpan takeover)
{
    /// <summary>Confidence of a recommendation that rests on borrowed history, relative to the model's own.</summary>
    public const double ConfidenceFactor = 0.5;

    private DateTimeOffset? _firstMeasured;

    /// <summary>
    /// A workload restored from a checkpoint that still marked it: the same source, and the sensor's first measurement
    /// the takeover counts from. A source that is empty or longer than 64 characters is refused (InvalidDataException).
    /// </summary>
    public static BorrowedHistory FromState(BorrowedHistoryState state, TimeSpan takeover)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new BorrowedHistory(state.Checked().Source, takeover) { _firstMeasured = state.FirstMeasured };
    }

    /// <summary>What a checkpoint keeps: the source and the sensor's first measurement (null: none yet).</summary>
    public BorrowedHistoryState ToState() => new(Source, _firstMeasured);

    public string Source { get; } = source;

    /// <summary>True once the sensor has measured the workload for the takeover span.</summary>
    public bool TakenOver { get; private set; }

    /// <summary>A sensor interval reached the model; true once the sensor's data has taken over (from then on <see cref="Mark"/> changes nothing).</summary>
    public bool Measured(DateTimeOffset time)
    {
        _firstMeasured ??= time;
        TakenOver |= time - _firstMeasured.Value >= takeover;
        return TakenOver;
    }

    /// <summary>The recommendation as the borrowed history lets it stand: marked, noted, confidence lowered.</summary>
    public Recommendation Mark(Recommendation recommendation)
    {
        if (TakenOver)
        {
            return recommendation;
        }

        string measured = _firstMeasured is null ? "no sensor data yet" : "the sensor has measured it since " + _firstMeasured.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        string note = $"built on {Source} history (coarse per-step averages: peaks shorter than a step are not seen); {measured}, its own data takes over after {takeover.TotalHours:0.#} h; confidence halved until then";
        return recommendation with
        {
            Confidence = recommendation.Confidence with { Score = recommendation.Confidence.Score * ConfidenceFactor },
            Evidence = recommendation.Evidence with { HistorySource = Source, Notes = [.. recommendation.Evidence.Notes, note] },
        };
    }
}
