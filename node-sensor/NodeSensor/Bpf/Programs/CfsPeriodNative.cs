using System.Runtime.InteropServices;

namespace KernelTruth.NodeSensor.Bpf.Programs;

/// <summary>Mirrors bpf/cfs_period.h.</summary>
internal static class CfsPeriodNative
{
    public const string ObjectName = "cfs_period";
    public const string StatsMap = "period_stats";
    public const string ErrorsMap = "errors";
    public const string TpBtfProgram = "handle_period_timer";
    public const string RawTpProgram = "handle_period_timer_raw";
    public const uint MaxLimitedCgroups = 1024;
    public const int MaxCpus = 1024;
    public const int ErrorCount = 2;

    public static readonly string[] ErrorNames = ["period_map_full", "period_negative"];
}

/// <summary>struct cfs_period_stats.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CfsPeriodStatsNative
{
    public ulong Expiries;
    public long LastLocalRuntime;
    public ulong QuotaNs;
    public ulong PeriodNs;
    public ulong OverQuotaPeriods;
    public UsageHistNative Usage;
}

/// <summary>struct cfs_period_config.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CfsPeriodConfigNative
{
    public uint NrCpus;
    public uint Pad;
}
