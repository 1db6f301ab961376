namespace KernelTruth.Models.Checkpoint;

/// <summary>
/// A workload's start ring as checkpoints keep it (<see cref="Startup.StartupHistory.ToCheckpoint"/>), oldest start
/// first. Its own version, apart from the model's: a checkpoint without it (older) restores with no starts.
/// </summary>
public sealed record StartupHistoryState
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    public IReadOnlyList<StartupSampleState> Starts { get; init; } = [];
}

/// <summary>One start; a null time or CPU is one the sensor did not measure (no ready, an older sensor).</summary>
public sealed record StartupSampleState(
    ulong Key,
    float? ReadySeconds,
    float CpuCoreSeconds,
    float ThrottledSeconds,
    float? WarmupCpuCoreSeconds = null,
    float? WarmupThrottledSeconds = null);
