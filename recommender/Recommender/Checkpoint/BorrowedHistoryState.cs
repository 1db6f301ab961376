namespace KernelTruth.Recommender.Checkpoint;

/// <summary>
/// A workload whose model still rests on history the sensor did not measure (e.g. Day-0 history from Prometheus), as
/// saved: where that history came from and when the sensor first measured the workload (null: not yet). Saved so a
/// restart within the takeover span keeps the recommendation marked and its confidence lowered, as before the restart.
/// Example: bootstrapped from Prometheus at 08:00, sensor data from 08:00:10, restarted at 12:00 ⇒ restored as
/// ("prometheus", 08:00:10): still marked until 08:00:10 the next day (24 h demand half-life), not from 12:00 on.
/// </summary>
public sealed record BorrowedHistoryState(string Source, DateTimeOffset? FirstMeasured)
{
    /// <summary>The longest source name a checkpoint may carry: "prometheus" today; a longer one is a damaged file.</summary>
    public const int MaxSourceLength = 64;

    /// <summary>This state, or an InvalidDataException naming what is wrong: a source that is empty or longer than 64 characters.</summary>
    public BorrowedHistoryState Checked() => string.IsNullOrWhiteSpace(Source) || Source.Length > MaxSourceLength
        ? throw new InvalidDataException($"its borrowed history names no usable source ('{Source}': 1 to {MaxSourceLength} characters)")
        : this;
}
