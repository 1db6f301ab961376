namespace KernelTruth.NodeSensor.Tests.Fakes;

/// <summary>
/// A clock that moves only when the test says so. The monotonic timestamp starts at 0 and the
/// wall clock at <see cref="Start"/>; <see cref="Advance"/> moves both by the same amount.
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    /// <summary>A fixed, ordinary wall-clock start: far from DateTimeOffset.MinValue, whose 0 ticks code may read as "never".</summary>
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => Start.AddTicks(Interlocked.Read(ref _ticks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
