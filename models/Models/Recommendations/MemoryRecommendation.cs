namespace KernelTruth.Models.Recommendations;

/// <summary>Memory in bytes. <paramref name="LimitBytes"/> null = no limit recommended.</summary>
public sealed record MemoryRecommendation(
    long RequestBytes,
    long? LimitBytes,
    long LowerBoundBytes,
    long UpperBoundBytes,
    long UncappedTargetBytes);
