using KernelTruth.Contracts.Snapshot;
using KernelTruth.Recommender.Logic;

namespace KernelTruth.Recommender.Output;

/// <summary>What one loop hands every sink.</summary>
/// <param name="At">When the loop's output phase began (the time statuses are stamped with).</param>
/// <param name="Snapshots">Every snapshot read this loop, in the order the models had them (also those the models rejected).</param>
/// <param name="Recommendations">The latest fit: this loop's when its fit was due, else the one before.</param>
/// <param name="Activity">Every workload's last interval, as of this loop's ingest.</param>
/// <param name="Models">The models themselves, read-only, for recommendations under other policies (a VPA's own).</param>
public sealed record LoopOutput(
    DateTimeOffset At,
    IReadOnlyList<NodeSnapshot> Snapshots,
    RecommendationSet Recommendations,
    ActivitySet Activity,
    IModelView Models);
