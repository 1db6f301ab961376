using KernelTruth.Models.Recommendations;
using KernelTruth.Models.Throttling;
using KernelTruth.Simulations.Replay;
using Spectre.Console;

namespace KernelTruth.Cli.Output;

/// <summary>kernel-truth's recommendation beside the stock VPA algorithm's, from the same observation.</summary>
internal static class RecommendationTable
{
    /// <param name="simulated">The simulation engine's prediction at the recommended limit, shown above the model's closed form.</param>
    public static Table Build(Recommendation r, LimitPrediction? simulated = null)
    {
        bool baseline = HasBaseline(r);
        string NotYet(string value) => baseline ? value : "n/a";
        var table = new Table { Title = new TableTitle("Recommendation"), Border = TableBorder.Rounded };
        table.AddColumn("");
        table.AddColumn(new TableColumn("[bold]kernel-truth[/]").RightAligned());
        table.AddColumn(new TableColumn("VPA baseline").RightAligned());
        table.AddRow("CPU request", $"[bold]{Units.Cores(r.Cpu.RequestCores)}[/]", NotYet(Units.Cores(r.Baseline.Cpu.RequestCores)));
        table.AddRow("CPU limit", $"[bold]{Units.Cores(r.Cpu.LimitCores)}[/]", r.Baseline.Cpu.LimitCores is double bl ? NotYet(Units.Cores(bl)) : "[grey]not set[/]");
        table.AddRow("  predicted throttled periods (simulated)", Simulated(simulated, p => Units.Percent(p.ThrottledPeriodsRatio)), "[grey]–[/]");
        table.AddRow("  predicted throttle wait p99 (simulated)", Simulated(simulated, p => Units.Duration(p.ThrottleWaitP99Seconds)), "[grey]–[/]");
        table.AddRow("  predicted throttled periods (model)", Predicted(r.Evidence.AtRecommendedLimit, p => Units.Percent(p.ThrottledPeriodsRatio)), Predicted(r.Evidence.AtBaselineLimit, p => Units.Percent(p.ThrottledPeriodsRatio)));
        table.AddRow("  predicted throttle wait p99 (model)", Predicted(r.Evidence.AtRecommendedLimit, p => Units.Duration(p.ThrottleWaitP99Seconds)), Predicted(r.Evidence.AtBaselineLimit, p => Units.Duration(p.ThrottleWaitP99Seconds)));
        table.AddRow("CPU bounds (lower–upper)", $"{Units.Cores(r.Cpu.LowerBoundCores)}–{Units.UpperBound(r.Cpu.UpperBoundCores)}", NotYet($"{Units.Cores(r.Baseline.Cpu.LowerBoundCores)}–{Units.UpperBound(r.Baseline.Cpu.UpperBoundCores)}"));
        table.AddRow("memory request", Units.Bytes(r.Memory.RequestBytes), NotYet(Units.Bytes(r.Baseline.Memory.RequestBytes)));
        table.AddRow("memory limit", Units.Bytes(r.Memory.LimitBytes), "[grey]not set[/]");
        return table;
    }

    /// <summary>VPA feeds its histogram one metrics-server average per minute: before a whole minute it has nothing.</summary>
    public static bool HasBaseline(Recommendation r) => r.Confidence.MinuteSamples > 0;

    private static string Simulated(LimitPrediction? p, Func<LimitPrediction, string> show) =>
        p is null ? "[grey]–[/]" : show(p) + (p.Extrapolated ? " [grey](extrapolated)[/]" : "");

    private static string Predicted(ThrottlePrediction? p, Func<ThrottlePrediction, string> show) =>
        p is null ? "[grey]–[/]" : show(p) + (p.Extrapolated ? " [grey](extrapolated)[/]" : "");
}
