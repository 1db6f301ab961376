using System.Runtime.InteropServices;

namespace KernelTruth.NodeSensor.Bpf.Programs;

/// <summary>Mirrors bpf/start_timeline.h: u64 cgroup id → struct start_timeline.</summary>
internal static class StartTimelineNative
{
    public const string ObjectName = "start_timeline";
    public const string TimelinesMap = "timelines";
    public const uint MaxStartTimelines = 4096;
    public const int ErrorCount = 1;

    /// <summary>Every program is tp_btf; the object is optional, so a kernel without them loses only timelines.</summary>
    public static readonly string[] Tracepoints = ["cgroup_mkdir", "cgroup_rmdir", "cgroup_attach_task", "sched_process_exec", "inet_sock_set_state"];

    public static readonly string[] ErrorNames = ["timeline_map_full"];
}

/// <summary>struct start_timeline: CLOCK_MONOTONIC ns, 0 = not yet.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CgroupStartTimelineNative
{
    public ulong CreatedNs;
    public ulong FirstTaskNs;
    public ulong FirstExecNs;
    public ulong FirstListenNs;
    public uint FirstExecPid;
    public uint FirstListenPid;
}
