using KernelTruth.Cluster.Attribution;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.Models.Input;

namespace KernelTruth.Cluster.Profiles;

/// <summary>
/// Per workload container: which workload it is and what was measured since this process began watching it
/// (<see cref="MeasuredWindow"/>). Fed with every interval that reached a model (the engine's IntervalAdded, during
/// ingest), attributed with the current loop's pods; read by the WorkloadProfile writer after the loop's fit. A
/// workload restored from a checkpoint and not seen since has no entry: there is nothing current to say about it.
/// </summary>
public sealed class WorkloadWindows(CurrentPods pods)
{
    private readonly Dictionary<string, MeasuredWindow> _windows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WorkloadRef> _workloads = new(StringComparer.Ordinal);

    public void Add(string key, CgroupSnapshot cgroup, WorkloadInterval interval)
    {
        if (pods.Index.Attribute(cgroup.Identity) is not { } who)
        {
            return;
        }

        _workloads[key] = who.Workload;
        if (!_windows.TryGetValue(key, out var window))
        {
            _windows[key] = window = new MeasuredWindow();
        }

        window.Add(who.PodUid, interval);
    }

    /// <summary>The workload and its window, when this process has measured the key.</summary>
    public (WorkloadRef Workload, MeasuredWindow Window)? Find(string key) =>
        _workloads.TryGetValue(key, out var workload) ? (workload, _windows[key]) : null;
}
