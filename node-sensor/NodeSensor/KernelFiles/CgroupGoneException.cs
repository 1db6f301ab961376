namespace KernelTruth.NodeSensor.KernelFiles;

/// <summary>
/// The cgroup was removed before or while its files were read. Containers come and go all the time,
/// so this is expected: the caller logs it once, counts it and carries on with the next cgroup.
/// </summary>
public sealed class CgroupGoneException(string cgroupPath, string file, Exception? innerException = null)
    : Exception($"Cgroup '{cgroupPath}' is gone: it was removed before or while reading {file}", innerException)
{
    /// <summary>The cgroup's path relative to its hierarchy's mount.</summary>
    public string CgroupPath { get; } = cgroupPath;

    /// <summary>The file being read when the cgroup was found gone.</summary>
    public string File { get; } = file;
}
