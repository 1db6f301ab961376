namespace KernelTruth.Recommender.Output;

/// <summary>
/// What happens after each loop: the loop's output handed to one destination (VPA statuses, WorkloadProfiles, the
/// metrics adapter's feed, the watch display). Sinks run one after another in the order the host registered them.
/// A sink catches, logs and counts the failure of one item itself (<see cref="SinkResult.Errors"/>); an exception that
/// escapes is logged by the loop with the sink's <see cref="Name"/> and counted as that sink failing this loop; the
/// other sinks and the next loop run all the same.
/// </summary>
public interface ILoopSink
{
    /// <summary>The sink in logs, reports and metrics: "vpa-status", "workload-profiles", "metrics-adapter" ….</summary>
    string Name { get; }

    Task<SinkResult> WriteAsync(LoopOutput output, CancellationToken cancellationToken);
}
