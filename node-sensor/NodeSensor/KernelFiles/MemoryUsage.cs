namespace KernelTruth.NodeSensor.KernelFiles;

/// <summary>A cgroup's memory use as the kernel accounts it (page cache included).</summary>
/// <param name="CurrentBytes">v2 memory.current, v1 memory.usage_in_bytes.</param>
/// <param name="PeakBytes">High-water mark since creation (or last reset); null when the kernel lacks
/// the file (v2 memory.peak arrived in 5.19).</param>
/// <param name="OomKills">Processes of this cgroup killed by the OOM killer; null when not reported
/// (v1 before 4.13).</param>
internal sealed record MemoryUsage(ulong CurrentBytes, ulong? PeakBytes, ulong? OomKills);
