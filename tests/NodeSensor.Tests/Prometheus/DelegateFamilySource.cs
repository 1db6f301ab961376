using KernelTruth.NodeSensor.Prometheus;

namespace KernelTruth.NodeSensor.Tests.Prometheus;

/// <summary>A source whose families (or failure) the test supplies.</summary>
internal sealed class DelegateFamilySource(Func<IEnumerable<MetricFamily>> collect) : IMetricFamilySource
{
    public int Calls { get; private set; }

    public IEnumerable<MetricFamily> Collect()
    {
        Calls++;
        return collect();
    }
}
