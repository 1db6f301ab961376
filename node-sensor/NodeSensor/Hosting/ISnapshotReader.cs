using KernelTruth.Contracts.Snapshot;

namespace KernelTruth.NodeSensor.Hosting;

/// <summary>What <see cref="SensorLoop"/> calls every interval: <see cref="SensorRuntime"/> in the sensor.</summary>
public interface ISnapshotReader
{
    NodeSnapshot Read();
}
