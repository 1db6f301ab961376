using System.Runtime.InteropServices;
using KernelTruth.NodeSensor.Bpf.Native;

namespace KernelTruth.NodeSensor.Tests.Bpf;

/// <summary>
/// Every mirrored native struct against sizeof/offsetof printed by a C program compiled with gcc
/// against this machine's headers (Debian 12: libbpf-dev 1.1.2 bpf/libbpf.h and bpf/bpf.h,
/// linux-libc-dev linux/bpf.h), LP64:
///   bpf_object_open_opts 80 (object_name 8, relaxed_maps 16, pin_root_path 24, kconfig 40,
///     btf_custom_path 48, kernel_log_buf 56, kernel_log_size 64, kernel_log_level 72)
///   bpf_map_batch_opts 24; bpf_prog_load_opts 104 (expected_attach_type 12, attach_btf_id 32,
///     fd_array 48, log_level 88, log_buf 96); bpf_insn 8
///   bpf_test_run_opts 80 (data_in 8, data_size_in 24, ctx_in 32, ctx_size_in 48, ctx_size_out 52,
///     retval 56, repeat 60, duration 64, flags 68, cpu 72, batch_size 76)
///   bpf_prog_info (full 232) name 64, ifindex 80, netns_dev 88, run_time_ns 192, run_cnt 200,
///     recursion_misses 208 → our prefix is 216; bpf_map_info name 24 → our prefix is 40
///   va_list (x86-64 __va_list_tag) 24.
/// </summary>
public sealed unsafe class NativeStructLayoutTests
{
    [Fact]
    public void BpfObjectOpenOpts_MatchesLibBpf11Layout()
    {
        Assert.Equal(80, sizeof(BpfObjectOpenOpts));
        AssertOffset<BpfObjectOpenOpts>(nameof(BpfObjectOpenOpts.ObjectName), 8);
        AssertOffset<BpfObjectOpenOpts>(nameof(BpfObjectOpenOpts.RelaxedMaps), 16);
        AssertOffset<BpfObjectOpenOpts>(nameof(BpfObjectOpenOpts.PinRootPath), 24);
        AssertOffset<BpfObjectOpenOpts>(nameof(BpfObjectOpenOpts.Kconfig), 40);
        AssertOffset<BpfObjectOpenOpts>(nameof(BpfObjectOpenOpts.BtfCustomPath), 48);
        AssertOffset<BpfObjectOpenOpts>(nameof(BpfObjectOpenOpts.KernelLogBuf), 56);
        AssertOffset<BpfObjectOpenOpts>(nameof(BpfObjectOpenOpts.KernelLogSize), 64);
        AssertOffset<BpfObjectOpenOpts>(nameof(BpfObjectOpenOpts.KernelLogLevel), 72);
    }

    [Fact]
    public void BpfObjectOpenOpts_Create_SetsSzToStructSize()
    {
        Assert.Equal((nuint)80, BpfObjectOpenOpts.Create(null).Size);
    }

    [Fact]
    public void BpfMapBatchOpts_MatchesLibBpf11Layout()
    {
        Assert.Equal(24, sizeof(BpfMapBatchOpts));
        AssertOffset<BpfMapBatchOpts>(nameof(BpfMapBatchOpts.Flags), 16);
        Assert.Equal((nuint)24, BpfMapBatchOpts.Create().Size);
    }

    [Fact]
    public void BpfProgLoadOpts_MatchesLibBpf11Layout()
    {
        Assert.Equal(104, sizeof(BpfProgLoadOpts));
        AssertOffset<BpfProgLoadOpts>(nameof(BpfProgLoadOpts.ExpectedAttachType), 12);
        AssertOffset<BpfProgLoadOpts>(nameof(BpfProgLoadOpts.AttachBtfId), 32);
        AssertOffset<BpfProgLoadOpts>(nameof(BpfProgLoadOpts.FdArray), 48);
        AssertOffset<BpfProgLoadOpts>(nameof(BpfProgLoadOpts.LogLevel), 88);
        AssertOffset<BpfProgLoadOpts>(nameof(BpfProgLoadOpts.LogBuf), 96);
        Assert.Equal((nuint)104, BpfProgLoadOpts.Create().Size);
    }

    [Fact]
    public void BpfTestRunOpts_MatchesLibBpf11Layout()
    {
        Assert.Equal(80, sizeof(BpfTestRunOpts));
        AssertOffset<BpfTestRunOpts>(nameof(BpfTestRunOpts.DataIn), 8);
        AssertOffset<BpfTestRunOpts>(nameof(BpfTestRunOpts.DataSizeIn), 24);
        AssertOffset<BpfTestRunOpts>(nameof(BpfTestRunOpts.CtxIn), 32);
        AssertOffset<BpfTestRunOpts>(nameof(BpfTestRunOpts.CtxSizeIn), 48);
        AssertOffset<BpfTestRunOpts>(nameof(BpfTestRunOpts.CtxSizeOut), 52);
        AssertOffset<BpfTestRunOpts>(nameof(BpfTestRunOpts.Retval), 56);
        AssertOffset<BpfTestRunOpts>(nameof(BpfTestRunOpts.Repeat), 60);
        AssertOffset<BpfTestRunOpts>(nameof(BpfTestRunOpts.Duration), 64);
        AssertOffset<BpfTestRunOpts>(nameof(BpfTestRunOpts.Flags), 68);
        AssertOffset<BpfTestRunOpts>(nameof(BpfTestRunOpts.Cpu), 72);
        AssertOffset<BpfTestRunOpts>(nameof(BpfTestRunOpts.BatchSize), 76);
        Assert.Equal((nuint)80, BpfTestRunOpts.Create().Size);
    }

    [Fact]
    public void BpfProgInfo_MatchesLinuxBpfHPrefix()
    {
        Assert.Equal(216, sizeof(BpfProgInfo));
        AssertOffset<BpfProgInfo>(nameof(BpfProgInfo.Name), 64);
        AssertOffset<BpfProgInfo>(nameof(BpfProgInfo.Ifindex), 80);
        AssertOffset<BpfProgInfo>(nameof(BpfProgInfo.NetnsDev), 88);
        AssertOffset<BpfProgInfo>(nameof(BpfProgInfo.BtfId), 128);
        AssertOffset<BpfProgInfo>(nameof(BpfProgInfo.RunTimeNs), 192);
        AssertOffset<BpfProgInfo>(nameof(BpfProgInfo.RunCnt), 200);
        AssertOffset<BpfProgInfo>(nameof(BpfProgInfo.RecursionMisses), 208);
    }

    [Fact]
    public void BpfMapInfo_MatchesLinuxBpfHPrefix()
    {
        Assert.Equal(40, sizeof(BpfMapInfo));
        AssertOffset<BpfMapInfo>(nameof(BpfMapInfo.ValueSize), 12);
        AssertOffset<BpfMapInfo>(nameof(BpfMapInfo.MaxEntries), 16);
        AssertOffset<BpfMapInfo>(nameof(BpfMapInfo.Name), 24);
    }

    [Fact]
    public void VaListX64_Is24Bytes()
    {
        Assert.Equal(24, sizeof(VaListX64));
        AssertOffset<VaListX64>(nameof(VaListX64.OverflowArgArea), 8);
    }

    [Fact]
    public void LoaderTestConfig_MatchesLoaderTestH()
    {
        Assert.Equal(16, sizeof(LoaderTestConfig)); // 2 × __u32 + __u64, .rodata DATASEC size 16
    }

    [Fact]
    public void WindowSlotTestArgs_MatchesWindowSlotTestH()
    {
        Assert.Equal(16, sizeof(WindowSlotTestArgs)); // 2 × __u64: the context window_slot_test reads
    }

    private static void AssertOffset<T>(string field, int expected) =>
        Assert.Equal(expected, (int)Marshal.OffsetOf<T>(field));
}
