using KernelTruth.Models;

namespace KernelTruth.Cli.Configuration;

/// <summary>Every default of the ktruth commands, in one place.</summary>
internal static class CliDefaults
{
    /// <summary>watch: how often a snapshot is read. Valid 100 ms – 5 s (the sensor's own range).</summary>
    public static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(1);

    /// <summary>watch: model state kept across runs, so later commands and restarts continue from it.</summary>
    public const string StateFile = "/var/lib/ktruth/state.json";

    /// <summary>watch: how often the state file is saved; a crash loses at most this much. Valid ≥ 1 s.</summary>
    public static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(60);

    /// <summary>watch: rows in the table. Valid 1 – 200.</summary>
    public const int WatchTop = 15;

    /// <summary>
    /// The averaging window of "usage avg": metrics-server's default resolution (its
    /// --metric-resolution is 15 s), so the column reads as `kubectl top` would.
    /// </summary>
    public static readonly TimeSpan UsageWindow = TimeSpan.FromSeconds(15);

    /// <summary>recommend and record: --duration. Valid 2 s – 1 h (recommend), 1 s – 24 h (record).</summary>
    public static readonly TimeSpan RecommendDuration = TimeSpan.FromSeconds(30);

    /// <summary>recommend and demo: one snapshot per second.</summary>
    public static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);

    public const double SloThrottled = ModelDefaults.ThrottledPeriodsSlo;

    public static readonly TimeSpan SloThrottleWait = ModelDefaults.ThrottleWaitSlo;

    /// <summary>demo: the too-low limit the workload starts under.</summary>
    public const double DemoLimitCores = 0.2;

    /// <summary>demo: 30 ms of CPU every 100 ms on one thread: 0.3 cores of demand, above the 0.2 limit.</summary>
    public const int DemoBurstMs = 30;

    public const int DemoEveryMs = 100;

    public const int DemoThreads = 1;

    /// <summary>demo: time for the workload to start and settle before it is observed.</summary>
    public static readonly TimeSpan DemoWarmUp = TimeSpan.FromSeconds(2);

    /// <summary>
    /// demo: the "before" observation lasts at least this, and until the VPA baseline has one
    /// per-minute sample (VPA sees one metrics-server average per minute), but never longer than
    /// <see cref="DemoObserveMax"/>: 62 s always crosses a minute boundary.
    /// </summary>
    public static readonly TimeSpan DemoObserveMin = TimeSpan.FromSeconds(20);

    public static readonly TimeSpan DemoObserveMax = TimeSpan.FromSeconds(62);

    /// <summary>demo: after the new limit is written, before the "after" measurement starts.</summary>
    public static readonly TimeSpan DemoSettle = TimeSpan.FromSeconds(1);

    /// <summary>demo: the "after" measurement.</summary>
    public static readonly TimeSpan DemoMeasure = TimeSpan.FromSeconds(10);

    /// <summary>
    /// demo: the workload's own lifetime, longer than the demo's worst case (2 + 62 + 1 + 10 s plus
    /// start-up) so it never ends mid-measurement; the demo kills it when it is done.
    /// </summary>
    public const int DemoWorkloadSeconds = 85;

    /// <summary>The CFS period ktruth writes with a limit: the kernel's and Kubernetes' default.</summary>
    public const long CfsPeriodUs = 100_000;
}
