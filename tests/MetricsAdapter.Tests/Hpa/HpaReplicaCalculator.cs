namespace KernelTruth.MetricsAdapter.Tests.Hpa;

/// <summary>
/// The HPA's replica calculation for a Pods metric with an AverageValue target
/// (replica_calculator.go, calcPlainMetricReplicas; notes vpa-and-hpa §4), tolerance 0.1:
/// usageRatio = mean(metrics) / target. Without missing pods: within tolerance keep, else
/// ceil(usageRatio × pods with metrics). With missing pods: they count as the target when
/// scaling down and as 0 when scaling up; if that flips the direction or lands within
/// tolerance, keep; a result moving against the direction also keeps.
/// </summary>
internal static class HpaReplicaCalculator
{
    public const double Tolerance = 0.1;

    public static int PodsMetric(int currentReplicas, IReadOnlyCollection<string> runningPods, IReadOnlyDictionary<string, long> milliByPod, long targetMilli)
    {
        var metrics = milliByPod.Where(kv => runningPods.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => (double)kv.Value);
        var missing = runningPods.Where(p => !metrics.ContainsKey(p)).ToList();
        Assert.NotEmpty(metrics); // the HPA errors out rather than scale on nothing
        double usageRatio = metrics.Values.Average() / targetMilli;
        if (missing.Count == 0)
        {
            return Math.Abs(1.0 - usageRatio) <= Tolerance ? currentReplicas : (int)Math.Ceiling(usageRatio * metrics.Count);
        }

        foreach (string pod in missing)
        {
            metrics[pod] = usageRatio < 1.0 ? targetMilli : 0;
        }

        double newRatio = metrics.Values.Average() / targetMilli;
        if (Math.Abs(1.0 - newRatio) <= Tolerance || (usageRatio < 1.0 && newRatio > 1.0) || (usageRatio > 1.0 && newRatio < 1.0))
        {
            return currentReplicas;
        }

        int newReplicas = (int)Math.Ceiling(newRatio * metrics.Count);
        return (newRatio < 1.0 && newReplicas > currentReplicas) || (newRatio > 1.0 && newReplicas < currentReplicas) ? currentReplicas : newReplicas;
    }

    /// <summary>Object metric, Value target: ceil(value / target × ready pods), tolerance 0.1.</summary>
    public static int ObjectMetric(int currentReplicas, long valueMilli, long targetMilli)
    {
        double ratio = (double)valueMilli / targetMilli;
        return Math.Abs(1.0 - ratio) <= Tolerance ? currentReplicas : (int)Math.Ceiling(ratio * currentReplicas);
    }
}
