using KernelTruth.Contracts.Sources;

namespace KernelTruth.Recommender.Input;

/// <summary>
/// The sensors one loop reads, asked once at the start of every loop's ingest. A host with a fixed set (the sensor in
/// this process, <see cref="Configuration.RecommenderOptions.SensorUrls"/>) answers the same list every time
/// (<see cref="SnapshotSourceList"/>); the cluster finds the sensor pods anew each loop and refreshes its attribution of
/// cgroups to pods from the same list of pods, so a loop's snapshots are attributed against the pods as they were when
/// their sensors were found.
/// </summary>
public interface ISnapshotSources
{
    /// <summary>The sensors to read in the loop that is starting, in the order their snapshots are fed to the models.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    ValueTask<IReadOnlyList<ISnapshotSource>> ForLoopAsync(CancellationToken cancellationToken);
}
