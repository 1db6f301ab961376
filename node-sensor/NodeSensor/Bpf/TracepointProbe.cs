using KernelTruth.NodeSensor.Bpf.Native;

namespace KernelTruth.NodeSensor.Bpf;

/// <summary>
/// Decides before load whether a tp_btf program can work, so the loader can switch to its raw_tp
/// twin with SetAutoload instead of failing at load (bcc libbpf-tools' probe_tp_btf).
/// </summary>
internal static unsafe class TracepointProbe
{
    // mov r0, 0 (BPF_ALU64|BPF_MOV|BPF_K = 0xb7); exit (BPF_JMP|BPF_EXIT = 0x95). One struct
    // bpf_insn is 8 bytes: code, dst:4|src:4, off (s16), imm (s32), little-endian.
    private static readonly ulong[] ReturnZero = [0x00000000_000000b7UL, 0x00000000_00000095UL];

    /// <summary>
    /// True when the kernel has BTF for <c>btf_trace_&lt;tracepoint&gt;</c> and accepts a trivial
    /// BPF_PROG_TYPE_TRACING program attached to it.
    /// </summary>
    public static bool SupportsTpBtf(string tracepoint)
    {
        ArgumentException.ThrowIfNullOrEmpty(tracepoint);
        LibBpfLogRouter.EnsureInstalled();

        // For BPF_TRACE_RAW_TP libbpf looks up "btf_trace_" + name; a negative result is -errno.
        var btfId = LibBpf.libbpf_find_vmlinux_btf_id(tracepoint, BpfAttachType.TraceRawTp);
        if (btfId <= 0)
        {
            return false;
        }

        var opts = BpfProgLoadOpts.Create();
        opts.ExpectedAttachType = BpfAttachType.TraceRawTp;
        opts.AttachBtfId = (uint)btfId;
        int fd;
        fixed (ulong* insns = ReturnZero)
        {
            fd = LibBpf.bpf_prog_load(BpfProgType.Tracing, null, "GPL", insns, (nuint)ReturnZero.Length, &opts);
        }

        if (fd < 0)
        {
            return false;
        }

        using var program = new FileDescriptorHandle(fd);
        return true;
    }
}
