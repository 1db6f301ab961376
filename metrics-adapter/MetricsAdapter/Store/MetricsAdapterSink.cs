using KernelTruth.Recommender.Output;

namespace KernelTruth.MetricsAdapter.Store;

/// <summary>
/// The recommender loop's sink for the metrics adapter: every snapshot the loop read goes into the feed, then the new
/// values are published with the models' demand forecasts (also after a loop that read nothing: a node that went quiet then ages out of the window).
/// Runs on every replica, so a standby serves the same values. Register it as an <see cref="ILoopSink"/>.
/// </summary>
public sealed class MetricsAdapterSink(MetricsAdapterFeed feed) : ILoopSink
{
    public const string SinkName = "metrics-adapter";

    public string Name => SinkName;

    /// <returns>Items: the pods values are served for; Errors: snapshots the feed rejected (logged with their node).</returns>
    public Task<SinkResult> WriteAsync(LoopOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        int rejected = output.Snapshots.Count(snapshot => !feed.Ingest(snapshot));
        return Task.FromResult(new SinkResult(Items: feed.Publish(output.Models), Errors: rejected));
    }
}
