namespace KernelTruth.NodeSensor.Bpf.Native;

/// <summary><c>enum libbpf_print_level</c> (bpf/libbpf.h).</summary>
internal enum LibBpfPrintLevel
{
    Warn = 0,
    Info = 1,
    Debug = 2,
}
