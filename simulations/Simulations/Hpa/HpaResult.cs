namespace KernelTruth.Simulations.Hpa;

/// <summary>One controller sync.</summary>
/// <param name="TimeSeconds">From the start of the trace.</param>
/// <param name="Metric">The signal's value (NaN when missing for the whole window).</param>
/// <param name="Replicas">Replicas after this sync's decision (ready or starting).</param>
/// <param name="ReadyReplicas">Of those, taking load.</param>
/// <param name="Reason">Why the count is what it is (within tolerance, stabilized, rate-limited …).</param>
public sealed record HpaStep(double TimeSeconds, double Metric, int Replicas, int ReadyReplicas, string Reason);

/// <summary>An HPA replay's outcome.</summary>
/// <param name="Steps">Every sync, in time order.</param>
/// <param name="ReplicaHours">Σ replicas (ready or starting) × time: what is paid for.</param>
/// <param name="CountedPeriods">CFS periods summed over pods.</param>
/// <param name="ThrottledPeriods">Of those, throttled.</param>
/// <param name="MaxReplicas">Most replicas at once.</param>
/// <param name="MissingMetricSyncs">Syncs skipped because the window had no data.</param>
/// <param name="UnderProvisionedMinutes">Whole minutes whose demand exceeded the ready pods' requests (ready × request × 60 s of CPU).</param>
public sealed record HpaResult(IReadOnlyList<HpaStep> Steps, double ReplicaHours, long CountedPeriods, double ThrottledPeriods, int MaxReplicas, int MissingMetricSyncs, int UnderProvisionedMinutes = 0)
{
    public double ThrottledPeriodsRatio => CountedPeriods == 0 ? 0 : ThrottledPeriods / CountedPeriods;
}
