using KernelTruth.Cluster.Attribution;
using Prometheus;

namespace KernelTruth.Service;

/// <summary>
/// <c>ktruth_pod_workload_info{namespace, pod, workload_kind, workload} 1</c> for every live pod the recommender
/// attributes: the join that turns the sensor's per-pod series into per-workload ones in PromQL, as kube-state-metrics'
/// kube_pod_owner does, but with the owner resolved (ReplicaSet → Deployment, Job → CronJob). One series per pod,
/// exported by the Lease holder only, gone when the pod is. Example: throttled share of a Deployment's periods,
/// <c>sum by (namespace, workload) (rate(ktruth_cgroup_cpu_throttled_periods_total[5m]) * on (namespace, pod)
/// group_left (workload_kind, workload) ktruth_pod_workload_info) / (the same of ktruth_cgroup_cpu_periods_total)</c>.
/// </summary>
internal sealed class PodWorkloadInfo(IMetricFactory metrics)
{
    private readonly Lock _lock = new();
    private readonly Gauge _info = metrics.CreateGauge("ktruth_pod_workload_info", "1 for each live pod, naming the workload that owns it.", ["namespace", "pod", "workload_kind", "workload"]);

    public void Sync(bool leader, PodIndex index)
    {
        var wanted = leader
            ? index.Workloads.SelectMany(w => index.PodsOf(w).Select(p => p.Metadata?.Name).OfType<string>().Select(pod => new[] { w.Namespace, pod, w.Kind, w.Name })).ToList()
            : [];
        lock (_lock)
        {
            GaugeSeries.SetExactly(_info, [.. wanted.Select(labels => (labels, 1.0))]);
        }
    }
}
