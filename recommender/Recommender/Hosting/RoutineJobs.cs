using KernelTruth.Recommender.Routines;
using Quartz;

namespace KernelTruth.Recommender.Hosting;

/// <summary>Quartz job: one ingest. Never overlaps itself; the loop's gate serialises it with the others.</summary>
[DisallowConcurrentExecution]
internal sealed class IngestJob(RecommenderLoop loop) : IJob
{
    public const string Name = "kernel-truth-ingest";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await loop.IngestAsync(cancellationToken).ConfigureAwait(false);
}

/// <summary>Quartz job: one fit, published to the store.</summary>
[DisallowConcurrentExecution]
internal sealed class FitJob(RecommenderLoop loop) : IJob
{
    public const string Name = "kernel-truth-fit";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await loop.FitAsync(cancellationToken).ConfigureAwait(false);
}

/// <summary>Quartz job: one checkpoint of the state file.</summary>
[DisallowConcurrentExecution]
internal sealed class CheckpointJob(RecommenderLoop loop) : IJob
{
    public const string Name = "kernel-truth-checkpoint";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await loop.CheckpointAsync(cancellationToken).ConfigureAwait(false);
}
