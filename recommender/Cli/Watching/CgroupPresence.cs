using KernelTruth.NodeSensor.Cgroups;
using KernelTruth.Recommender.Logic;

namespace KernelTruth.Cli.Watching;

/// <summary>
/// On one host a workload is its cgroup (the engine's key is the cgroup path): it is gone for good once its directory
/// is. A removed cgroup's model then goes after the short grace instead of the whole idle time (8 days by default),
/// so a host where containers come and go all day keeps only the models of cgroups that still exist.
/// </summary>
/// <param name="directoryOf">The cgroup's directory in the cpu hierarchy, from its path.</param>
internal sealed class CgroupPresence(Func<string, string> directoryOf) : IWorkloadPresence
{
    public bool IsGone(string workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        try
        {
            return !CgroupFileSystem.DirectoryExists(directoryOf(workload));
        }
        catch (ArgumentException)
        {
            return false; // not a path we can ask about: it waits for its idle time
        }
    }
}
