using KernelTruth.Cli.Observing;
using Spectre.Console;

namespace KernelTruth.Cli.Output;

/// <summary>The demo's closing table: the same workload at the old limit and at the recommended one.</summary>
internal static class BeforeAfterTable
{
    public static Table Build(CgroupWindow before, CgroupWindow after)
    {
        var table = new Table { Title = new TableTitle("Measured by the kernel, before and after"), Border = TableBorder.Rounded };
        table.AddColumn("");
        table.AddColumn(new TableColumn("before").RightAligned());
        table.AddColumn(new TableColumn("[bold]after[/]").RightAligned());
        table.AddRow("CPU limit", Units.Cores(before.LimitCores), $"[bold]{Units.Cores(after.LimitCores)}[/]");
        table.AddRow("average CPU usage (metrics-server)", Units.Cores(before.UsageCores), Units.Cores(after.UsageCores));
        table.AddRow("throttled periods", $"{Units.Percent(before.ThrottledPeriodsRatio)} ({before.ThrottledPeriods}/{before.Periods})", $"[bold]{Units.Percent(after.ThrottledPeriodsRatio)}[/] ({after.ThrottledPeriods}/{after.Periods})");
        table.AddRow("throttle wait per second", Units.Duration(before.ThrottleWaitPerSecond), Units.Duration(after.ThrottleWaitPerSecond));
        table.AddRow("throttle wait p99", Units.Duration(before.ThrottleWaitP99Seconds), $"[bold]{Units.Duration(after.ThrottleWaitP99Seconds)}[/]");
        table.AddRow("contention wait p99", Units.Duration(before.ContentionWaitP99Seconds), Units.Duration(after.ContentionWaitP99Seconds));
        table.AddRow("observed", $"{before.Seconds:0} s", $"{after.Seconds:0} s");
        return table;
    }
}
