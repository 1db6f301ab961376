using KernelTruth.Contracts.Snapshot;
using KernelTruth.NodeSensor.Pods;
using Prometheus;

namespace KernelTruth.NodeSensor.Prometheus;

/// <summary>
/// The sensor's metrics registry: its own counters (<see cref="Sampling.SensorCounters"/>), the
/// process's, and the latest snapshot's per-cgroup series, which are brought up to date before each
/// collection. <see cref="SensorMetricsEndpoints.MapSensorMetrics"/> serves it.
/// </summary>
/// <remarks>
/// A registry of its own rather than prometheus-net's <c>Metrics.DefaultRegistry</c>: the default one
/// also starts the EventCounter and Meter adapters, which export every runtime and ASP.NET Core counter
/// (hundreds of series per node, under names we do not choose, Meter counters as gauges). Of the
/// defaults only <see cref="DotNetStats"/> is kept: process CPU seconds, memory, threads, handles, start
/// time and GC counts, enough to watch the sensor's own overhead, the number a DaemonSet is judged by.
/// </remarks>
public sealed class SensorMetrics
{
    private NodeSnapshot? _latest;
    private IPodLabeler? _pods;

    /// <param name="waitBuckets">Which wait-histogram buckets /metrics writes (default <see cref="WaitBucketLayout.Coarse"/>).</param>
    public SensorMetrics(WaitBucketLayout waitBuckets = WaitBucketLayout.Coarse)
    {
        WaitBuckets = waitBuckets;
        Registry = Metrics.NewCustomRegistry();
        Factory = Metrics.WithCustomRegistry(Registry);
        Series = new SnapshotSeries(Factory, () => Volatile.Read(ref _pods));
        DotNetStats.Register(Registry);
        Registry.AddBeforeCollectCallback(() => Series.Sync(Volatile.Read(ref _latest)));
    }

    public CollectorRegistry Registry { get; }

    /// <summary>Creates metrics in <see cref="Registry"/>.</summary>
    public IMetricFactory Factory { get; }

    /// <summary>The per-cgroup series, as of the last collection.</summary>
    public SnapshotSeries Series { get; }

    public WaitBucketLayout WaitBuckets { get; }

    /// <summary>Names the cgroups' pods from the next collection on (the cluster sensor's <see cref="NodePods"/>); null: none.</summary>
    public IPodLabeler? Pods
    {
        get => Volatile.Read(ref _pods);
        set => Volatile.Write(ref _pods, value);
    }

    /// <summary>The newest snapshot; the next collection shows it.</summary>
    public void Observe(NodeSnapshot snapshot) => Volatile.Write(ref _latest, snapshot);
}
