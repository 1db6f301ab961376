using System.Runtime.InteropServices;

namespace KernelTruth.NodeSensor.Bpf.Programs;

/// <summary>Mirrors bpf/cfs_period.h.</summary>
internal static class CfsPeriodNative
{
    public const string ObjectName = "cfs_period";
    public const string StatsMap = "period_stats";
    public const string ErrorsMap = "errors";
    public const string RecordedMap = "recorded_cgroups";
    public const string RecordedCpuTimeMap = "recorded_cpu_time";
    public const string RecordsRing = "period_records";
    public const uint MaxRecordedCgroups = 64;
    public const string TpBtfProgram = "handle_period_timer";
    public const string RawTpProgram = "handle_period_timer_raw";
    public const uint MaxLimitedCgroups = 1024;
    public const int MaxCpus = 1024;
    public const int ErrorCount = 3;
    public const string RecordRingFullError = "record_ring_full";

    public static readonly string[] ErrorNames = ["period_map_full", "period_negative", RecordRingFullError];
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

/// <summary>struct period_record: one period-timer expiry of a recorded cgroup.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PeriodRecordNative
{
    public ulong CgroupId;
    public ulong ExpiresNs;
    public long UsedNs;
    public ulong QuotaNs;
    public ulong PeriodNs;
    public ulong BurstNs;
    public ulong NrPeriods;
    public ulong NrThrottled;
    public ulong ThrottledTimeNs;
    public ulong MaxCpuUsedNs;
    public uint CpusUsed;
    public uint ThrottledCpus;
}
