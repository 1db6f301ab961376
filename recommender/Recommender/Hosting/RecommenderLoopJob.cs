using KernelTruth.Recommender.Routines;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace KernelTruth.Recommender.Hosting;

/// <summary>
/// The Quartz job: one <see cref="RecommenderLoop.RunOnceAsync"/>. Never overlaps itself. A host that is stopping
/// cancels the loop it interrupts (the last save at stop then holds everything that loop had ingested).
/// </summary>
[DisallowConcurrentExecution]
internal sealed class RecommenderLoopJob(RecommenderLoop loop, IHostApplicationLifetime lifetime) : IJob
{
    public const string Name = "kernel-truth-loop";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        try
        {
            await loop.RunOnceAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping: not a failure of the job.
        }
    }
}
