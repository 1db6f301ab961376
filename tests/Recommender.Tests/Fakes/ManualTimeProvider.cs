namespace KernelTruth.Recommender.Tests.Fakes;

/// <summary>
/// A clock that moves only when the test says so: the monotonic timestamp starts at 0 and the
/// wall clock at <see cref="Start"/>; <see cref="Advance"/> moves both by the same amount.
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    /// <summary>The wall time the factory's snapshots start from too (SnapshotFactory.Node).</summary>
    public static readonly DateTimeOffset Start = DateTimeOffset.UnixEpoch.AddTicks(1_763_700_000_000_000_000 / 100);

    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => Start.AddTicks(Interlocked.Read(ref _ticks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
