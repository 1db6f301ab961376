namespace KernelTruth.Cluster.Controllers;

/// <summary>What one cycle did; also the source of /metrics counters.</summary>
public sealed record CycleReport
{
    public int SensorsRead { get; init; }

    public int SensorsFailed { get; init; }

    public int Intervals { get; init; }

    public bool Leader { get; init; }

    public int VpasOwned { get; init; }

    public int VpaWrites { get; init; }

    public int ProfileWrites { get; init; }

    public int ApiErrors { get; init; }
}
