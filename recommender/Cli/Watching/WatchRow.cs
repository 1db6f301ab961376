using KernelTruth.Cli.Observing;
using KernelTruth.Models.Recommendations;

namespace KernelTruth.Cli.Watching;

/// <summary>One cgroup in the watch table: its trailing window and its current recommendation, if any.</summary>
internal sealed record WatchRow(string Cgroup, CgroupWindow Window, Recommendation? Recommendation, string? Error);
