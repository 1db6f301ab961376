using KernelTruth.Cli.Commands;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.Models.Recommendations;
using KernelTruth.NodeSensor.Cgroups;
using KernelTruth.NodeSensor.Hosting;
using KernelTruth.Recommender.Input;
using KernelTruth.Recommender.Logic;
using Microsoft.Extensions.Logging;

namespace KernelTruth.Cli.Observing;

/// <summary>
/// Observes one cgroup: a snapshot every sample interval, only that cgroup fed to a fresh
/// <see cref="RecommenderEngine"/>, then its recommendation and what the kernel did over the whole
/// time. The core of `ktruth recommend` and of the demo's "before" phase.
/// </summary>
internal sealed class CgroupObserver(ISnapshotReader sensor, TimeProvider time, ILogger logger)
{
    /// <summary>How long a cgroup made just before may take to appear in the sensor's snapshots.</summary>
    private static readonly TimeSpan AppearWithin = TimeSpan.FromSeconds(3);

    /// <exception cref="CliFailure">The cgroup vanished, or too little was observed to recommend anything; the message says why.</exception>
    public async Task<CgroupObservation> ObserveAsync(CgroupTarget target, ObservationPlan plan, RecommendationPolicy policy, IProgress<ObservationProgress>? progress, CancellationToken ct)
    {
        var engine = new RecommenderEngine(logger);
        var (start, startCgroup) = await FirstAsync(target, plan, ct).ConfigureAwait(false);
        engine.Ingest(Only(start, startCgroup));
        var end = (Snapshot: start, Cgroup: startCgroup);

        int planned = Samples(plan.Duration, plan.SampleInterval);
        int longest = Math.Max(planned, Samples(plan.Longest, plan.SampleInterval));
        int taken = 0, missing = 0, intervals = 0;
        string? restarted = null;
        using var timer = new PeriodicTimer(plan.SampleInterval, time);
        while (taken < longest && await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            taken++;
            var snapshot = sensor.Read();
            var cgroup = Find(snapshot, target);
            if (cgroup is null)
            {
                missing++;
                if (!CgroupFileSystem.DirectoryExists(target.CpuDirectory))
                {
                    throw new CliFailure($"cgroup {target.Path} was removed after {taken} of {planned} s of observation; nothing is left to recommend for");
                }
            }
            else
            {
                intervals += engine.Ingest(Only(snapshot, cgroup));
                if (CounterDeltas.Discontinuity(CounterBaseline.Of(startCgroup, start.MonotonicNs), cgroup) is { } discontinuity)
                {
                    // The same rule as the engine's: what does not subtract starts the window anew here.
                    (start, startCgroup) = (snapshot, cgroup);
                    restarted = discontinuity.Reason;
                }

                end = (snapshot, cgroup);
            }

            progress?.Report(new ObservationProgress(taken, planned));
            if (taken >= planned && (!plan.UntilBaselineMinute || HasBaselineMinute(engine, target, policy)))
            {
                break;
            }
        }

        ct.ThrowIfCancellationRequested();
        var window = CgroupWindow.Between(startCgroup, start.MonotonicNs, end.Cgroup, end.Snapshot.MonotonicNs);
        if (intervals == 0 || window is null)
        {
            throw new CliFailure(missing > 0
                ? $"not enough data: no intervals for cgroup {target.Path}; the sensor's snapshots left it out {missing} of {taken} times"
                : $"not enough data: no intervals for cgroup {target.Path} in {taken} snapshots{(restarted is null ? "" : $"; the last reading that did not subtract from the one before: {restarted}")}; observe it for longer (--duration)");
        }

        var recommendation = engine.Recommend(policy, time.GetUtcNow()).Single(r => r.Workload == target.Path);
        if (recommendation.Recommendation is not { } result)
        {
            throw new CliFailure($"no recommendation for cgroup {target.Path}: {recommendation.Error}");
        }

        if (result.Evidence.Periods == 0)
        {
            throw new CliFailure($"not enough data: cgroup {target.Path} used no CPU in {intervals} intervals ({window.Seconds:0} s, usage {window.UsageCores:0.000} cores), so no CFS period shows its demand; observe it while it works");
        }

        return new CgroupObservation(target.Path, window, intervals, result, policy, recommendation.Simulated);
    }

    private async Task<(NodeSnapshot, CgroupSnapshot)> FirstAsync(CgroupTarget target, ObservationPlan plan, CancellationToken ct)
    {
        long started = time.GetTimestamp();
        while (true)
        {
            var snapshot = sensor.Read();
            if (Find(snapshot, target) is { } cgroup)
            {
                return (snapshot, cgroup);
            }

            if (time.GetElapsedTime(started) > AppearWithin)
            {
                throw new CliFailure(WhyNotReported(target, snapshot.Cgroups.Count));
            }

            await Task.Delay(plan.SampleInterval / 5, time, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The sensor lists a cgroup once one of its tasks has been scheduled since it started: a cgroup without
    /// tasks, or whose tasks sleep, is not in its snapshots. Say which, rather than guess at a removal.
    /// </summary>
    private static string WhyNotReported(CgroupTarget target, int reported)
    {
        if (!CgroupFileSystem.DirectoryExists(target.CpuDirectory))
        {
            return $"cgroup {target.Path} was removed (no {target.CpuDirectory} any more)";
        }

        bool empty = CgroupTeardown.Pids(target.CpuDirectory).Count == 0;
        return empty
            ? $"cgroup {target.Path} has no tasks: nothing runs in it to observe (the sensor reports {reported} busy cgroups)"
            : $"cgroup {target.Path} ran nothing in {AppearWithin.TotalSeconds:0} s: the sensor reports a cgroup once one of its tasks has been scheduled; observe it while it works";
    }

    private bool HasBaselineMinute(RecommenderEngine engine, CgroupTarget target, RecommendationPolicy policy) =>
        engine.Recommend(policy, time.GetUtcNow()).SingleOrDefault(r => r.Workload == target.Path)?.Recommendation is { Confidence.MinuteSamples: > 0 };

    private static CgroupSnapshot? Find(NodeSnapshot snapshot, CgroupTarget target) =>
        snapshot.Cgroups.FirstOrDefault(c => c.Path == target.Path);

    /// <summary>The snapshot with only this cgroup: the engine learns nothing about the rest of the host.</summary>
    private static NodeSnapshot Only(NodeSnapshot snapshot, CgroupSnapshot cgroup) => snapshot with { Cgroups = [cgroup] };

    private static int Samples(TimeSpan duration, TimeSpan interval) => Math.Max(1, (int)Math.Ceiling(duration / interval));
}
