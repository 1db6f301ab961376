using KernelTruth.Simulations.Replay;

namespace KernelTruth.Simulations.Hpa;

/// <summary>
/// Replays a recorded demand through an HPA: every period the ready pods share the work equally and
/// each runs through CFS bandwidth (all pods alike, so one pod's state stands for all; when the
/// count changes, the backlog is shared out again). Every sync period the controller decides from
/// the signal averaged over the metric window. New pods take load after the start delay.
/// </summary>
/// <remarks>
/// Worked example: demand 1.6 cores recorded on 1 pod, request 1 core, target 0.8, no limit. Sync
/// at 15 s: CPU average 1.6 ⇒ ratio 2 ⇒ desired ⌈2 × 1⌉ = 2; a second pod starts and takes load
/// 30 s later; then each pod averages 0.8 ⇒ ratio 1 ⇒ within tolerance.
/// </remarks>
public static class HpaReplay
{
    /// <param name="forecastCores">
    /// For <see cref="HpaSignal.Forecast"/>: the total demand forecast published at a sync time (seconds from the
    /// trace's start), cores; NaN = the forecaster is unsure, the reactive value is used.
    /// </param>
    public static HpaResult Run(DemandSeries demand, HpaSettings settings, Func<double, double>? forecastCores = null)
    {
        ArgumentNullException.ThrowIfNull(demand);
        ArgumentNullException.ThrowIfNull(settings);
        var errors = settings.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(settings));
        }

        double p = demand.PeriodSeconds;
        int syncEvery = Math.Max(1, (int)Math.Round(settings.SyncPeriod.TotalSeconds / p));
        var window = new MetricWindow(Math.Max(1, (int)Math.Round(settings.MetricWindow.TotalSeconds / p)));
        double quota = (settings.LimitCores ?? double.PositiveInfinity) * p;
        var pod = new CfsBandwidthState(quota, 0, demand.Cpus * p, BandwidthLimit.DefaultTickSeconds);
        var controller = new HpaController(settings);
        var starting = new List<double>(); // ready-at times of pods still starting
        var steps = new List<HpaStep>();
        int ready = settings.InitialReplicas, maxReplicas = ready, missing = 0;
        long counted = 0;
        double throttled = 0;
        double replicaSeconds = 0;
        int periodsPerMinute = Math.Max(1, (int)Math.Round(60 / p));
        double minuteDemand = 0, minuteCapacity = 0;
        int underProvisioned = 0;
        for (int k = 0; k < demand.ArrivalsSeconds.Length; k++)
        {
            double t = k * p;
            int nowReady = starting.RemoveAll(r => r <= t + 1e-9);
            if (nowReady > 0)
            {
                pod.Backlog = pod.Backlog * ready / (ready + nowReady);
                ready += nowReady;
            }

            double a = demand.ArrivalsSeconds[k];
            if (double.IsNaN(a))
            {
                pod.Reset();
                window.AddMissing();
            }
            else
            {
                double perPod = a * settings.RecordedReplicas / ready;
                double used = pod.Step(perPod, out bool isCounted, out double isThrottled);
                counted += isCounted ? ready : 0;
                throttled += isCounted ? isThrottled * ready : 0;
                window.Add(used / p, perPod / p, isCounted, isThrottled);
            }

            replicaSeconds += (ready + starting.Count) * p;
            minuteDemand += double.IsNaN(a) ? 0 : a * settings.RecordedReplicas;
            minuteCapacity += ready * settings.RequestCores * p;
            if ((k + 1) % periodsPerMinute == 0)
            {
                underProvisioned += minuteDemand > minuteCapacity + 1e-9 ? 1 : 0;
                (minuteDemand, minuteCapacity) = (0, 0);
            }

            if ((k + 1) % syncEvery != 0)
            {
                continue;
            }

            double metric = window.Value(settings.Signal, settings.RequestCores);
            if (settings.Signal == HpaSignal.Forecast && forecastCores?.Invoke(t + p) is double ahead && !double.IsNaN(ahead) && ready > 0)
            {
                metric = Math.Max(double.IsNaN(metric) ? 0 : metric, ahead / ready / settings.RequestCores);
            }

            missing += double.IsNaN(metric) ? 1 : 0;
            var (replicas, reason) = controller.Sync(t + p, metric, ready, starting.Count);
            ready = Apply(replicas, ready, starting, t + p + settings.PodStartDelay.TotalSeconds, ref pod);
            maxReplicas = Math.Max(maxReplicas, ready + starting.Count);
            steps.Add(new HpaStep(t + p, metric, ready + starting.Count, ready, reason));
        }

        return new HpaResult(steps, replicaSeconds / 3600, counted, throttled, maxReplicas, missing, underProvisioned);
    }

    /// <summary>Scales to <paramref name="replicas"/>: new pods start; removals take starting pods first.</summary>
    private static int Apply(int replicas, int ready, List<double> starting, double readyAt, ref CfsBandwidthState pod)
    {
        int current = ready + starting.Count;
        if (replicas > current)
        {
            starting.AddRange(Enumerable.Repeat(readyAt, replicas - current));
            return ready;
        }

        int remove = current - replicas;
        int fromStarting = Math.Min(remove, starting.Count);
        starting.RemoveRange(starting.Count - fromStarting, fromStarting);
        int newReady = ready - (remove - fromStarting);
        if (newReady != ready)
        {
            pod.Backlog = pod.Backlog * ready / newReady;
        }

        return newReady;
    }
}
