using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KernelTruth.NodeSensor.Bpf.Programs;

/// <summary>Mirrors bpf/sched_events.h.</summary>
internal static class SchedEventsNative
{
    public const string ObjectName = "sched_events";
    public const string SlotsMap = "cgroup_slots";
    public const string StatsMap = "cgroup_stats";
    public const string FreeSlotsMap = "free_slots";
    public const string ErrorsMap = "errors";
    public const uint MaxCgroups = 2048;
    public const int WindowRing = 64;
    public const int WindowTagBits = 20;
    public const int WindowUsageBits = 44;
    public const int ErrorCount = 6;

    public const string SwitchProgram = "handle_sched_switch";
    public const string TickProgram = "handle_tick";

    /// <summary>The scheduler tick's hrtimer function under its names, newest kernels first (see sched_events.bpf.c).</summary>
    public static readonly string[] TickSymbols = ["tick_nohz_handler", "tick_nohz_highres_handler", "tick_sched_timer"];

    /// <summary>Only needed before Linux 6.18 (task-based throttling): see sched_events.bpf.c.</summary>
    public static readonly string[] WakeupPrograms = ["handle_sched_wakeup", "handle_sched_wakeup_new"];

    /// <summary>The error counted when a cgroup found no slot (ERR_CGROUP_MAP_FULL).</summary>
    public const string CgroupMapFullError = "cgroup_map_full";

    /// <summary>Names of enum sched_events_error, by value.</summary>
    public static readonly string[] ErrorNames =
        ["cgroup_map_full", "task_storage", "window_contended", "window_too_old", "switch_in_unseen", "throttle_wait_unsplit"];
}

[InlineArray(SchedEventsNative.WindowRing)]
internal struct WindowRing
{
    private ulong _element0;
}

/// <summary>struct cgroup_sched_stats.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CgroupSchedStatsNative
{
    public ulong CgroupId;
    public ulong OnCpuNs;
    public ulong VoluntarySwitches;
    public ulong InvoluntarySwitches;
    public ulong ThrottleEvents;
    public WaitHistNative ContentionWait;
    public WaitHistNative ThrottleWait;
    public WindowRing Windows;
}

/// <summary>struct sched_events_config (the .rodata config at offset 0).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SchedEventsConfigNative
{
    public ulong WindowNs;
    public uint MaxCgroups;
    public uint Pad;
}
