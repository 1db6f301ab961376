using KernelTruth.Contracts.Sources;

namespace KernelTruth.Recommender.Input;

/// <summary>The same sensors every loop: the sensor in this process, or the sensors at fixed URLs.</summary>
public sealed class SnapshotSourceList(IEnumerable<ISnapshotSource> sources) : ISnapshotSources
{
    private readonly IReadOnlyList<ISnapshotSource> _sources = [.. sources];

    public int Count => _sources.Count;

    /// <summary>
    /// One line per source that would lose data if read only every <paramref name="interval"/>
    /// (<see cref="IReadIntervalLimit"/>); empty when every source keeps up.
    /// </summary>
    public IReadOnlyList<string> ReadIntervalProblems(TimeSpan interval) =>
    [
        .. _sources.OfType<IReadIntervalLimit>().Where(s => interval > s.MaxReadInterval).Select(s =>
            $"{nameof(Configuration.RecommenderOptions.IngestInterval)} {interval.TotalSeconds:0.###} s is longer than the {s} can go unread ({s.MaxReadInterval.TotalSeconds:0.###} s: its kernel window ring would wrap and lose windows); read it at most every {s.MaxReadInterval.TotalSeconds:0.###} s"),
    ];

    public ValueTask<IReadOnlyList<ISnapshotSource>> ForLoopAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_sources);
}
