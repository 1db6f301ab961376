using KernelTruth.Contracts.Sources;

namespace KernelTruth.Recommender.Input;

/// <summary>The same sensors every loop: the sensor in this process, or the sensors at fixed URLs.</summary>
public sealed class SnapshotSourceList(IEnumerable<ISnapshotSource> sources) : ISnapshotSources
{
    private readonly IReadOnlyList<ISnapshotSource> _sources = [.. sources];

    public int Count => _sources.Count;

    public ValueTask<IReadOnlyList<ISnapshotSource>> ForLoopAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_sources);
}
