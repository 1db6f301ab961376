using KernelTruth.Cli.Configuration;
using KernelTruth.Recommender.Output;

namespace KernelTruth.Cli.Watching;

/// <summary>
/// `ktruth watch`'s sink: keeps the loop's snapshots over the trailing window (metrics-server's 15 s) and, from the
/// second loop on (the first reading is only a baseline), shows the busiest cgroups with this loop's recommendations.
/// Where frames go is set by the runner once it knows how it shows them (<see cref="Show"/>).
/// </summary>
internal sealed class WatchDisplay(int top, TimeProvider time) : ILoopSink
{
    public const string SinkName = "watch-display";

    private readonly TrailingSnapshots _trailing = new(CliDefaults.UsageWindow);
    private readonly long _started = time.GetTimestamp();
    private int _loops;

    /// <summary>The live table, plain lines, or nothing (--json); nothing until set.</summary>
    public Action<WatchFrame> Show { get; set; } = _ => { };

    public string Name => SinkName;

    /// <returns>Items: the rows shown.</returns>
    public Task<SinkResult> WriteAsync(LoopOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var snapshot in output.Snapshots)
        {
            _trailing.Add(snapshot);
        }

        if (_loops++ == 0)
        {
            return Task.FromResult(new SinkResult());
        }

        var frame = Frame(output);
        Show(frame);
        return Task.FromResult(new SinkResult(Items: frame.Rows.Count));
    }

    private WatchFrame Frame(LoopOutput output)
    {
        var busiest = _trailing.Windows()
            .OrderByDescending(w => w.Window.UsageCores)
            .ThenBy(w => w.Cgroup.Path, StringComparer.Ordinal)
            .Take(top)
            .ToList();
        var recommendations = output.Recommendations.Recommendations.ToDictionary(r => r.Workload, StringComparer.Ordinal);
        var rows = busiest.Select(w =>
        {
            recommendations.TryGetValue(w.Cgroup.Path, out var r);
            return new WatchRow(w.Cgroup.Path, w.Window, r?.Recommendation, r?.Error, r?.Simulated);
        }).ToList();
        var span = busiest.Count > 0 ? TimeSpan.FromSeconds(busiest.Max(b => b.Window.Seconds)) : TimeSpan.Zero;
        return new WatchFrame(output.At, time.GetElapsedTime(_started), span, _trailing.Latest?.Cgroups.Count ?? 0, rows);
    }
}
