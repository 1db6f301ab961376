using KernelTruth.Models;
using KernelTruth.Models.Recommendations;

namespace KernelTruth.Recommender.Configuration;

/// <summary>Every default and limit of the recommender service in one place.</summary>
public static class RecommenderDefaults
{
    /// <summary>Snapshots are read this often. Sensors fold usage windows every ≤ 5 s on their own.</summary>
    public static readonly TimeSpan IngestInterval = TimeSpan.FromSeconds(10);

    /// <summary>Recommendations are refitted this often: VPA's recommender loop runs every 1 min.</summary>
    public static readonly TimeSpan FitInterval = TimeSpan.FromSeconds(60);

    /// <summary>State is saved this often; a crash loses at most this much history (VPA: every loop, 1 min).</summary>
    public static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A workload's model is dropped (from memory, the checkpoint, the recommendations and the series made from them)
    /// after this long without data. 8 days = VPA's own horizon: its recommender drops a container's aggregated history
    /// once it has had no sample for its memory aggregation window (8 × 24 h), and removes state whose pods are gone.
    /// With our 24 h half-life, 8 idle days leave the old history 2^-8 ≈ 0.4 % of the weight of one fresh day, and a
    /// workload that pauses for a weekly cycle (scaled to zero over a weekend) keeps what it learned.
    /// </summary>
    public static readonly TimeSpan ModelIdleTtl = TimeSpan.FromDays(8);

    /// <summary>The idle time's bounds: shorter than a minute would drop models between reads; a year is plenty.</summary>
    public static readonly TimeSpan MinModelIdleTtl = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxModelIdleTtl = TimeSpan.FromDays(365);

    /// <summary>
    /// A workload its host reports gone for good (pods gone, controller deleted) is dropped once it has had no data for
    /// this long (or the idle time, if shorter): long enough that a loop racing a rollout or a cache resync never drops
    /// a live workload, and the same 10 min VPA waits before removing checkpoints of deleted VPAs.
    /// </summary>
    public static readonly TimeSpan GoneWorkloadGrace = TimeSpan.FromMinutes(10);

    public const string StateFile = "/var/lib/ktruth/state.json";

    /// <summary>One sensor read, retries included, may take this long before it counts as failed for this round.</summary>
    public static readonly TimeSpan SensorTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A sensor read that failed on the way (no connection, 5xx, 429) is tried this many more times within the
    /// timeout, 100 ms then 200 ms later on average (exponential with jitter): a sensor restarting loses one read, not a round.
    /// </summary>
    public const int SensorRetries = 2;

    public static readonly TimeSpan SensorFirstRetryDelay = TimeSpan.FromMilliseconds(100);

    public const double ThrottledPeriodsSlo = ModelDefaults.ThrottledPeriodsSlo;

    public static readonly TimeSpan ThrottleWaitSlo = ModelDefaults.ThrottleWaitSlo;

    public const LimitMode Limit = LimitMode.Slo;

    /// <summary>Healthy = every routine finished within this many of its intervals (VPA's 5×).</summary>
    public const int HealthIntervals = 5;

    /// <summary>
    /// The largest sensor answer read, 128 MiB: a snapshot is about 1 KiB per cgroup (1.04 KiB with its requests,
    /// working set and start timeline), and a sensor tracks at most 65 536 (its --max-cgroups ceiling; 2 048 by
    /// default, ~2 MiB), so 64 MiB would no longer hold the largest; the bound leaves room for growth. More is a broken
    /// or hostile sensor, refused as that sensor's failure this round instead of growing the recommender's memory
    /// without bound.
    /// </summary>
    public const long MaxSnapshotBytes = 128L << 20;

    /// <summary>The sensor's snapshot endpoint, relative to its base URL.</summary>
    public const string SnapshotPath = "v1/snapshot";

    /// <summary>The shortest ingest and fit interval: `ktruth watch --interval` goes down to 100 ms.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan MinCheckpointInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxIngestInterval = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan MaxFitInterval = TimeSpan.FromHours(1);
    public static readonly TimeSpan MaxCheckpointInterval = TimeSpan.FromHours(1);
    public static readonly TimeSpan MinSensorTimeout = TimeSpan.FromMilliseconds(100);
}
