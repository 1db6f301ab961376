namespace KernelTruth.NodeSensor.KernelFiles;

/// <summary>A cgroup's memory use as the kernel accounts it (page cache included).</summary>
/// <param name="CurrentBytes">v2 memory.current, v1 memory.usage_in_bytes.</param>
/// <param name="PeakBytes">High-water mark since creation (or last reset); null when the kernel lacks
/// the file (v2 memory.peak arrived in 5.19).</param>
/// <param name="OomKills">Processes of this cgroup killed by the OOM killer; null when not reported
/// (v1 before 4.13).</param>
/// <param name="InactiveFileBytes">Page cache on the inactive LRU list (v2 memory.stat inactive_file, v1
/// total_inactive_file, which includes descendants as memory.usage_in_bytes does); null when memory.stat lacks it.</param>
internal sealed record MemoryUsage(ulong CurrentBytes, ulong? PeakBytes, ulong? OomKills, ulong? InactiveFileBytes = null)
{
    /// <summary>
    /// What cAdvisor's container_memory_working_set_bytes, VPA and KRR use: usage minus the inactive page cache the
    /// kernel can drop without a fault, never below 0. Worked example: 131 072 000 used, 40 960 000 inactive file ⇒
    /// 90 112 000. Null when the inactive figure is unknown (then only the usage is known, cache included).
    /// </summary>
    public ulong? WorkingSetBytes => InactiveFileBytes is ulong inactive ? CurrentBytes - Math.Min(inactive, CurrentBytes) : null;
}
