using KernelTruth.Cli.Observing;
using Spectre.Console;

namespace KernelTruth.Cli.Output;

/// <summary>"What metrics-server shows" beside "what the kernel did", for one cgroup over one window.</summary>
internal static class KernelTruthTable
{
    public static Table Build(CgroupWindow w, string title)
    {
        var table = new Table { Title = new TableTitle(title), Border = TableBorder.Rounded };
        table.AddColumn("");
        table.AddColumn(new TableColumn("").RightAligned());
        table.AddColumn("source");
        string ofLimit = w.LimitCores is double l && l > 0 ? $" ({Units.Percent(w.UsageCores / l)} of the limit)" : "";
        table.AddRow("average CPU usage", $"[bold]{Units.Cores(w.UsageCores)}[/] cores{ofLimit}", "what metrics-server / kubectl top show");
        table.AddRow("CPU limit", w.LimitCores is null ? "none" : $"{Units.Cores(w.LimitCores)} cores", "cpu.cfs_quota_us / cpu.max");
        table.AddRow("throttled periods", $"[bold]{Units.Percent(w.ThrottledPeriodsRatio)}[/] ({w.ThrottledPeriods} of {w.Periods})", "kernel cpu.stat nr_throttled / nr_periods");
        table.AddRow("throttle wait", $"{Units.Duration(w.ThrottleWaitPerSecond)} per second, p99 [bold]{Units.Duration(w.ThrottleWaitP99Seconds)}[/]", "eBPF: switched out throttled → back on CPU");
        table.AddRow("contention wait p99", Units.Duration(w.ContentionWaitP99Seconds), "eBPF: runnable, CPU busy (throttling excluded)");
        table.AddRow("context switches", $"{Units.Rate(w.SwitchesPerSecond)}/s", "eBPF sched_switch");
        return table;
    }
}
