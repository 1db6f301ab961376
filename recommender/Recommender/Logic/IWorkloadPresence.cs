namespace KernelTruth.Recommender.Logic;

/// <summary>
/// What a host knows about whether a workload can still send data: in a cluster, a workload whose pods are all gone
/// and whose controller was deleted will not come back under the same key, so its model need not wait out the idle
/// time. Read by <see cref="ModelLifecycle"/> from the loop, once per workload that has had no data for a while.
/// </summary>
public interface IWorkloadPresence
{
    /// <summary>
    /// True only when the host knows the workload is gone for good; false when it exists or cannot tell (an unknown
    /// key, caches not yet synced): a false answer only means the model waits for its idle time to pass.
    /// </summary>
    bool IsGone(string workload);
}
