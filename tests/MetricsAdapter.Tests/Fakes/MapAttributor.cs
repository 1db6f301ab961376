using KernelTruth.Contracts.Snapshot;
using KernelTruth.MetricsAdapter.Store;

namespace KernelTruth.MetricsAdapter.Tests.Fakes;

/// <summary>Pod attribution from a table keyed by cgroup path; unknown paths are no pod's.</summary>
internal sealed class MapAttributor(Dictionary<string, PodAttribution> byPath) : IPodAttributor
{
    public PodAttribution? Attribute(string node, CgroupSnapshot cgroup) => byPath.GetValueOrDefault(cgroup.Path);
}
