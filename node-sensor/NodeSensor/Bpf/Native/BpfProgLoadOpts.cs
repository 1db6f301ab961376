using System.Runtime.InteropServices;

namespace KernelTruth.NodeSensor.Bpf.Native;

/// <summary><c>struct bpf_prog_load_opts</c> exactly as in libbpf 1.1 (bpf/bpf.h), 104 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct BpfProgLoadOpts
{
    public nuint Size;                        // sz                    @0
    public int Attempts;                      // attempts              @8
    public BpfAttachType ExpectedAttachType;  // expected_attach_type  @12
    public uint ProgBtfFd;                    // prog_btf_fd           @16
    public uint ProgFlags;                    // prog_flags            @20
    public uint ProgIfindex;                  // prog_ifindex          @24
    public uint KernVersion;                  // kern_version          @28
    public uint AttachBtfId;                  // attach_btf_id         @32
    public uint AttachProgFd;                 // attach_prog_fd        @36
    public uint AttachBtfObjFd;               // attach_btf_obj_fd     @40
    public int* FdArray;                      // fd_array              @48
    public void* FuncInfo;                    // func_info             @56
    public uint FuncInfoCount;                // func_info_cnt         @64
    public uint FuncInfoRecSize;              // func_info_rec_size    @68
    public void* LineInfo;                    // line_info             @72
    public uint LineInfoCount;                // line_info_cnt         @80
    public uint LineInfoRecSize;              // line_info_rec_size    @84
    public uint LogLevel;                     // log_level             @88
    public uint LogSize;                      // log_size              @92
    public byte* LogBuf;                      // log_buf               @96

    public static BpfProgLoadOpts Create() => new() { Size = (nuint)sizeof(BpfProgLoadOpts) };
}
