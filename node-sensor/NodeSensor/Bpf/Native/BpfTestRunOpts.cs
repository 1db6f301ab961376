using System.Runtime.InteropServices;

namespace KernelTruth.NodeSensor.Bpf.Native;

/// <summary><c>struct bpf_test_run_opts</c> exactly as in libbpf 1.1 (bpf/bpf.h), 80 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct BpfTestRunOpts
{
    public nuint Size;         // sz            @0
    public void* DataIn;       // data_in       @8
    public void* DataOut;      // data_out      @16
    public uint DataSizeIn;    // data_size_in  @24
    public uint DataSizeOut;   // data_size_out @28
    public void* CtxIn;        // ctx_in        @32
    public void* CtxOut;       // ctx_out       @40
    public uint CtxSizeIn;     // ctx_size_in   @48
    public uint CtxSizeOut;    // ctx_size_out  @52
    public uint Retval;        // retval        @56 (out: the program's return value)
    public int Repeat;         // repeat        @60
    public uint Duration;      // duration      @64
    public uint Flags;         // flags         @68
    public uint Cpu;           // cpu           @72
    public uint BatchSize;     // batch_size    @76

    public static BpfTestRunOpts Create() => new() { Size = (nuint)sizeof(BpfTestRunOpts) };
}
