namespace KernelTruth.NodeSensor.Bpf.Programs;

/// <summary>How the BPF programs are sized and configured before load.</summary>
internal sealed record SensorProgramOptions
{
    /// <summary>Length of a usage window in ns. Default 100 ms (the default CFS period); 1 ms–1 s.</summary>
    public ulong WindowNs { get; init; } = 100_000_000;

    /// <summary>Cgroups tracked at once (map size). Default 2048; 64–65536. ~1.1 KiB of kernel memory each.</summary>
    public uint MaxCgroups { get; init; } = SchedEventsNative.MaxCgroups;
}
