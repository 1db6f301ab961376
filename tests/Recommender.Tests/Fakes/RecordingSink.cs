using KernelTruth.Recommender.Output;

namespace KernelTruth.Recommender.Tests.Fakes;

/// <summary>
/// A sink that keeps every output it was handed and records "sink NAME" in a shared event list; it can be told to
/// throw (every time, or while a condition holds) or to report item errors, and to wait until released.
/// </summary>
internal sealed class RecordingSink(string name, List<string>? events = null) : ILoopSink
{
    private readonly List<LoopOutput> _outputs = [];

    public string Name => name;

    public IReadOnlyList<LoopOutput> Outputs
    {
        get
        {
            lock (_outputs)
            {
                return [.. _outputs];
            }
        }
    }

    /// <summary>Thrown by every call while set.</summary>
    public Exception? Failure { get; set; }

    /// <summary>Item errors reported by every call.</summary>
    public int Errors { get; set; }

    /// <summary>When set, each call waits for it to complete: a sink that hangs (an API server that never answers).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public async Task<SinkResult> WriteAsync(LoopOutput output, CancellationToken cancellationToken)
    {
        lock (_outputs)
        {
            _outputs.Add(output);
        }

        if (events is not null)
        {
            lock (events)
            {
                events.Add($"sink {name}");
            }
        }

        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        return Failure is { } failure ? throw failure : new SinkResult(Items: output.Snapshots.Count, Writes: 1, Errors: Errors);
    }
}
