using KernelTruth.Cli.Observing;
using KernelTruth.Models.Recommendations;
using KernelTruth.Simulations.Replay;

namespace KernelTruth.Cli.Watching;

/// <summary>One cgroup in the watch table: its trailing window and its current recommendation, if any, with the simulation engine's predicted effect.</summary>
internal sealed record WatchRow(string Cgroup, CgroupWindow Window, Recommendation? Recommendation, string? Error, LimitPrediction? Simulated = null);
