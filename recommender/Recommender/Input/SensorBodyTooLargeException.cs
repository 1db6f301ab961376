namespace KernelTruth.Recommender.Input;

/// <summary>A sensor's answer is over <see cref="Configuration.RecommenderDefaults.MaxSnapshotBytes"/> (or the host's bound).</summary>
public sealed class SensorBodyTooLargeException(long maxBytes, long? declared)
    : IOException(declared is { } size
        ? $"its answer is {size} bytes, over the {maxBytes}-byte bound on a snapshot; refused unread"
        : $"its answer went past the {maxBytes}-byte bound on a snapshot; cut off")
{
    public long MaxBytes { get; } = maxBytes;
}
