using System.Runtime.InteropServices;

namespace KernelTruth.NodeSensor.Bpf.Native;

/// <summary>
/// The first 216 bytes of <c>struct bpf_prog_info</c> (linux/bpf.h), through recursion_misses.
/// The kernel accepts a shorter info_len and fills only that prefix, so newer fields never matter.
/// All pointer-valued fields (__aligned_u64) stay zero: the kernel then copies no arrays out.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct BpfProgInfo
{
    public uint Type;                   // @0
    public uint Id;                     // @4
    public fixed byte Tag[8];           // @8   BPF_TAG_SIZE
    public uint JitedProgLen;           // @16
    public uint XlatedProgLen;          // @20
    public ulong JitedProgInsns;        // @24
    public ulong XlatedProgInsns;       // @32
    public ulong LoadTime;              // @40
    public uint CreatedByUid;           // @48
    public uint NrMapIds;               // @52
    public ulong MapIds;                // @56
    public fixed byte Name[16];         // @64  BPF_OBJ_NAME_LEN
    public uint Ifindex;                // @80
    public uint GplCompatible;          // @84  gpl_compatible:1 + 31 pad bits
    public ulong NetnsDev;              // @88
    public ulong NetnsIno;              // @96
    public uint NrJitedKsyms;           // @104
    public uint NrJitedFuncLens;        // @108
    public ulong JitedKsyms;            // @112
    public ulong JitedFuncLens;         // @120
    public uint BtfId;                  // @128
    public uint FuncInfoRecSize;        // @132
    public ulong FuncInfo;              // @136
    public uint NrFuncInfo;             // @144
    public uint NrLineInfo;             // @148
    public ulong LineInfo;              // @152
    public ulong JitedLineInfo;         // @160
    public uint NrJitedLineInfo;        // @168
    public uint LineInfoRecSize;        // @172
    public uint JitedLineInfoRecSize;   // @176
    public uint NrProgTags;             // @180
    public ulong ProgTags;              // @184
    public ulong RunTimeNs;             // @192
    public ulong RunCnt;                // @200
    public ulong RecursionMisses;       // @208, struct prefix ends at 216
}
