using KernelTruth.Contracts.Snapshot;
using KernelTruth.Models.Input;

namespace KernelTruth.Recommender.Input;

/// <summary>
/// One cgroup's interval ending at a snapshot, with what the model does not keep but a person
/// watching wants: the context-switch rate over the same interval.
/// </summary>
public readonly record struct CgroupInterval(CgroupSnapshot Cgroup, WorkloadInterval Interval, double SwitchesPerSecond)
{
    public void Deconstruct(out CgroupSnapshot cgroup, out WorkloadInterval interval)
    {
        cgroup = Cgroup;
        interval = Interval;
    }
}
