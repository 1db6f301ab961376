namespace KernelTruth.NodeSensor.Bpf.Native;

/// <summary><c>enum bpf_attach_type</c> (linux/bpf.h); only the values we pass.</summary>
internal enum BpfAttachType
{
    TraceRawTp = 23, // BPF_TRACE_RAW_TP: tp_btf programs
}
