using KernelTruth.Recommender.Routines;
using Microsoft.Extensions.Hosting;

namespace KernelTruth.Recommender.Hosting;

/// <summary>
/// Runs before the Quartz scheduler starts and after it stops (hosted services start in registration order and stop
/// in reverse): start-up restores the last checkpoint, or stops the host with what to do; stop saves one last
/// checkpoint once the running loop has finished.
/// </summary>
internal sealed class RecommenderStartup(RecommenderLoop loop) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) =>
        await loop.RestoreAsync(cancellationToken).ConfigureAwait(false);

    public async Task StopAsync(CancellationToken cancellationToken) =>
        await loop.CheckpointAsync(cancellationToken).ConfigureAwait(false);
}
