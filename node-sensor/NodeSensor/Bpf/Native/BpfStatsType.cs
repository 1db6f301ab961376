namespace KernelTruth.NodeSensor.Bpf.Native;

/// <summary><c>enum bpf_stats_type</c> (linux/bpf.h).</summary>
internal enum BpfStatsType
{
    RunTime = 0, // BPF_STATS_RUN_TIME: fills bpf_prog_info.run_time_ns / run_cnt
}
