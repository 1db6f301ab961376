namespace KernelTruth.NodeSensor.Bpf.Programs;

/// <summary>How the BPF programs are sized and configured before load.</summary>
internal sealed record SensorProgramOptions
{
    /// <summary>Length of a usage window in ns. Default 100 ms (the default CFS period); 1 ms–1 s.</summary>
    public ulong WindowNs { get; init; } = 100_000_000;

    /// <summary>Cgroups tracked at once (map size). Default 2048; 64–65536. ~1.1 KiB of kernel memory each.</summary>
    public uint MaxCgroups { get; init; } = SchedEventsNative.MaxCgroups;

    /// <summary>Kernel release (uname -r): decides whether the wakeup programs are needed.</summary>
    public string KernelRelease { get; init; } = File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : "0.0";

    /// <summary>Exists only with CONFIG_SCHED_INFO, which the wait measurement reads.</summary>
    public string SchedInfoProbePath { get; init; } = "/proc/self/schedstat";

    /// <summary>Where kernel symbol addresses are read; tests point it elsewhere to hide one.</summary>
    public string KallsymsPath { get; init; } = "/proc/kallsyms";
}
