using KernelTruth.Contracts.Snapshot;
using KernelTruth.Contracts.Sources;

namespace KernelTruth.Cli.Tests.Fakes;

/// <summary>The in-process sensor as the watch loop reads it: read k answers <c>snapshot(k)</c>.</summary>
internal sealed class ScriptedSource(Func<int, NodeSnapshot> snapshot) : ISnapshotSource
{
    private int _reads;

    public int Reads => Volatile.Read(ref _reads);

    /// <summary>Raised after read k; a test that stops the watch midway waits on it.</summary>
    public event Action<int>? AfterRead;

    public Task<NodeSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        int k = Interlocked.Increment(ref _reads) - 1;
        var read = snapshot(k);
        AfterRead?.Invoke(k);
        return Task.FromResult(read);
    }

    public override string ToString() => "scripted sensor";
}
