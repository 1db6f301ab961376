namespace KernelTruth.Cli.Watching;

/// <summary>What one refresh of `ktruth watch` shows: the busiest cgroups, busiest first.</summary>
/// <param name="Cgroups">Cgroups in the snapshot, shown or not.</param>
internal sealed record WatchFrame(DateTimeOffset Time, TimeSpan Elapsed, TimeSpan Window, int Cgroups, IReadOnlyList<WatchRow> Rows);
