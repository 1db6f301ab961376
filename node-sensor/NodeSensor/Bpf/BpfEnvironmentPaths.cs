namespace KernelTruth.NodeSensor.Bpf;

/// <summary>Files <see cref="BpfEnvironment"/> inspects; tests point them at fixtures.</summary>
internal sealed record BpfEnvironmentPaths(string ProcSelfStatus, string VmlinuxBtf, string Kallsyms)
{
    public static BpfEnvironmentPaths Default { get; } =
        new("/proc/self/status", "/sys/kernel/btf/vmlinux", "/proc/kallsyms");
}
