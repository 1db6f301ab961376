using KernelTruth.Simulations.Replay;

namespace KernelTruth.Simulations.Startup;

/// <summary>
/// How long a container's warm-up takes under a CFS bandwidth setting: the warm-up is work W (CPU-seconds) that is
/// all there at the exec and runs on up to P cores at once; it is replayed period by period through
/// <see cref="CfsBandwidthState"/> (the same rules as <see cref="BandwidthReplay"/>), starting with a full pool
/// (quota + burst), as a fresh container's cgroup does when its runtime writes the burst after the quota.
/// </summary>
/// <remarks>
/// Worked example, 0.5 cores (50 ms / 100 ms), tick 4 ms, W = 300 ms, P = 1. Without burst: period 0 runs 52 ms
/// (the quota and half a tick of overrun), each later period 50 ms (the overrun is repaid), so 252 ms by 500 ms and
/// the last 48 ms end at 548 ms. With a 50 ms burst the pool starts at 100 ms: period 0 runs 100 ms unthrottled (one
/// core), the next four 52 + 50 + 50 + 48 ms, so it ends at 448 ms. Unlimited: W / P = 300 ms.
/// Measured on 6.18 for the same spin: 546–592 ms and 447–449 ms.
/// </remarks>
public static class WarmupReplay
{
    /// <summary>Replays stop here: a warm-up throttled for longer than 10 minutes is answered as "at least that".</summary>
    public const double MaxSeconds = 600;

    /// <summary>Seconds from the exec until the warm-up's work is done under <paramref name="limit"/>.</summary>
    /// <param name="workSeconds">W, CPU-seconds, ≥ 0.</param>
    /// <param name="parallelCores">P, the cores the warm-up can use at once, &gt; 0.</param>
    /// <param name="limit">The bandwidth setting; null = unlimited (W / P).</param>
    public static WarmupPrediction Run(double workSeconds, double parallelCores, BandwidthLimit? limit)
    {
        if (!(workSeconds >= 0) || !double.IsFinite(workSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(workSeconds), workSeconds, "warm-up work must be ≥ 0 CPU-seconds");
        }

        if (!(parallelCores > 0) || !double.IsFinite(parallelCores))
        {
            throw new ArgumentOutOfRangeException(nameof(parallelCores), parallelCores, "warm-up parallelism must be > 0 cores");
        }

        double unlimited = workSeconds / parallelCores;
        if (limit is null || workSeconds == 0)
        {
            return new WarmupPrediction(unlimited, 0, 0);
        }

        var errors = limit.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(limit));
        }

        double period = limit.PeriodSeconds;
        var state = new CfsBandwidthState(limit.QuotaSeconds, limit.BurstSeconds, parallelCores * period, limit.TickSeconds, startFull: true) { Backlog = workSeconds };
        double throttled = 0;
        long periods = (long)Math.Ceiling(MaxSeconds / period);
        for (long k = 0; k < periods; k++)
        {
            double used = state.Step(0, out _, out double p);
            if (state.Backlog <= 1e-12)
            {
                // The work ran at P until it was done: the last period is not throttled.
                return new WarmupPrediction((k * period) + (used / parallelCores), throttled, (k * period) + (used / parallelCores) - unlimited);
            }

            throttled += p;
        }

        return new WarmupPrediction(MaxSeconds, throttled, MaxSeconds - unlimited);
    }
}
