using KernelTruth.Kubernetes.Election;
using KernelTruth.Recommender.Output;

namespace KernelTruth.Cluster.Controllers;

/// <summary>
/// A sink that writes to the API server runs only on the Lease holder, so one replica writes; on a standby it is
/// skipped (reported, not failed) while the models, the fit and the metrics adapter's feed keep it warm.
/// </summary>
internal sealed class LeaderOnlySink(ILoopSink inner, ILeadership leadership) : ILoopSink
{
    public const string NotLeader = "not the Lease holder";

    /// <summary>Why a sink stopped halfway: the writers ask before every write (<see cref="StatusWriter.MayWrite"/>).</summary>
    public const string LostMidLoop = "the Lease was lost during the loop";

    public string Name => inner.Name;

    /// <summary>The sink it guards (tests reach a writer's own counters through it).</summary>
    internal ILoopSink Inner => inner;

    public Task<SinkResult> WriteAsync(LoopOutput output, CancellationToken cancellationToken) =>
        leadership.IsLeader ? inner.WriteAsync(output, cancellationToken) : Task.FromResult(SinkResult.NotRun(NotLeader));
}
