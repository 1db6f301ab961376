using KernelTruth.Contracts.Snapshot;
using KernelTruth.Contracts.Sources;
using KernelTruth.Recommender.Input;

namespace KernelTruth.Recommender.Tests.Fakes;

/// <summary>
/// A sensor that answers read k with <c>script(k)</c>, which may throw to act as a failed read.
/// Records each read in a shared event list so tests can see the order of things.
/// </summary>
internal sealed class ScriptedSource(string name, Func<int, NodeSnapshot> script, List<string>? events = null) : ISnapshotSource
{
    private int _reads;

    public int Reads => Volatile.Read(ref _reads);

    /// <summary>Completed after each read; tests that run a loop in the background wait on it.</summary>
    public event Action<int>? AfterRead;

    public Task<NodeSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        int k = Interlocked.Increment(ref _reads) - 1;
        lock (events ?? [])
        {
            events?.Add($"read {name} #{k}");
        }

        try
        {
            return Task.FromResult(script(k));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Task.FromException<NodeSnapshot>(ex);
        }
        finally
        {
            AfterRead?.Invoke(k);
        }
    }

    public override string ToString() => name;
}
