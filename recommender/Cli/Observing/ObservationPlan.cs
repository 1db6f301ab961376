namespace KernelTruth.Cli.Observing;

/// <summary>How long and how often one cgroup is observed.</summary>
/// <param name="SampleInterval">Time between snapshots.</param>
/// <param name="Duration">Observe at least this long.</param>
/// <param name="UntilBaselineMinute">Then go on until the VPA baseline has one per-minute sample.</param>
/// <param name="MaxDuration">Never longer than this (only with <paramref name="UntilBaselineMinute"/>).</param>
internal sealed record ObservationPlan(TimeSpan SampleInterval, TimeSpan Duration, bool UntilBaselineMinute = false, TimeSpan? MaxDuration = null)
{
    public TimeSpan Longest => UntilBaselineMinute ? MaxDuration ?? Duration : Duration;
}
