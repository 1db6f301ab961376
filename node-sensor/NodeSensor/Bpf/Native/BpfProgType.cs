namespace KernelTruth.NodeSensor.Bpf.Native;

/// <summary><c>enum bpf_prog_type</c> (linux/bpf.h); only the values we pass.</summary>
internal enum BpfProgType
{
    Tracing = 26, // BPF_PROG_TYPE_TRACING: tp_btf, fentry, fexit
}
