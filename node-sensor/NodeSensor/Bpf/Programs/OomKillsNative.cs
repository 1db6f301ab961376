namespace KernelTruth.NodeSensor.Bpf.Programs;

/// <summary>Mirrors bpf/oom_kills.h: the map is u64 cgroup id → u64 kills.</summary>
internal static class OomKillsNative
{
    public const string ObjectName = "oom_kills";
    public const string KillsMap = "oom_kills";
    public const string ErrorsMap = "errors";
    public const string TpBtfProgram = "handle_mark_victim";
    public const string RawTpProgram = "handle_mark_victim_raw";
    public const uint MaxOomCgroups = 1024;
    public const int ErrorCount = 1;

    public static readonly string[] ErrorNames = ["oom_map_full"];
}
