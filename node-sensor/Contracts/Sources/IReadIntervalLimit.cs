namespace KernelTruth.Contracts.Sources;

/// <summary>
/// A snapshot source that loses data when it is read less often than <see cref="MaxReadInterval"/>: the sensor in
/// this process folds its kernel window ring only when read. A loop that would read it less often is refused when it
/// is configured, not left to lose windows silently.
/// </summary>
public interface IReadIntervalLimit
{
    TimeSpan MaxReadInterval { get; }
}
