using System.Globalization;
using System.Text.Json;
using KernelTruth.Cli.Commands;
using KernelTruth.Cli.Output;
using KernelTruth.Simulations.Replay;
using KernelTruth.Simulations.Trace;
using Spectre.Console;

namespace KernelTruth.Cli.Simulating;

/// <summary>`ktruth simulate`: one limit or a sweep over a recorded trace.</summary>
internal sealed class SimulateRunner(CliEnvironment env)
{
    public int Run(SimulateSettings settings)
    {
        var cg = TraceInput.Load(settings.Trace, settings.Cgroup);
        var warnings = new List<string>();
        var demand = TraceInput.Demand(cg, settings.Period, warnings);
        double? recordedLimit = cg.QuotaUs is { } q ? (double)q / cg.PeriodUs : null;
        double? recordedRatio = cg.Summary is { NrPeriods: > 0 } s ? (double)s.NrThrottled / s.NrPeriods : null;
        foreach (string w in warnings)
        {
            env.Error.WriteLine($"ktruth: warning: {w}");
        }

        var limits = settings.Sweep is null ? [settings.LimitCores] : settings.LimitSweep(out _);
        IReadOnlyList<LimitPrediction> predictions;
        try
        {
            predictions = LimitSweep.Run(demand, limits, settings.BurstCores);
        }
        catch (ArgumentException ex)
        {
            throw new CliFailure(ex.Message.Split(" (Parameter", 2)[0], CliExitCodes.Usage, ex);
        }

        var docs = predictions.Select(p => SimulateDocument.From(cg.Path, p, recordedLimit, recordedRatio, warnings)).ToList();
        if (settings.Json)
        {
            env.Out.WriteLine(settings.Sweep is null
                ? JsonSerializer.Serialize(docs[0], SimulateJsonContext.Default.SimulateDocument)
                : JsonSerializer.Serialize(docs, SimulateJsonContext.Default.ListSimulateDocument));
        }
        else if (settings.Csv)
        {
            env.Out.WriteLine("limitCores,throttledPeriodsRatio,throttleWaitP50Seconds,throttleWaitP99Seconds,usageCores,confidence,extrapolated,heldBackArrivalShare,loopDependent");
            foreach (var p in predictions)
            {
                env.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.LimitCores:0.###},{p.ThrottledPeriodsRatio:0.####},{p.ThrottleWaitP50Seconds:0.######},{p.ThrottleWaitP99Seconds:0.######},{p.UsageCores:0.####},{p.Confidence:0.###},{p.Extrapolated.ToString().ToLowerInvariant()},{p.HeldBackArrivalShare:0.###},{p.LoopDependent.ToString().ToLowerInvariant()}"));
            }
        }
        else
        {
            env.Console.Write(Table(cg, predictions, recordedLimit, recordedRatio));
            if (predictions.FirstOrDefault(p => p.LoopDependent) is { } first)
            {
                env.Console.WriteLine("loop-dependent: " + SimulateDocument.LoopDependentWarning(first), new Style(Color.Yellow));
            }
        }

        return CliExitCodes.Ok;
    }

    private static Table Table(CgroupTrace cg, IReadOnlyList<LimitPrediction> predictions, double? recordedLimit, double? recordedRatio)
    {
        string recorded = recordedLimit is { } l ? $"recorded at limit {Units.Cores(l)}" : "recorded unlimited";
        if (recordedRatio is { } r)
        {
            recorded += $", kernel throttled {Units.Percent(r)} of periods";
        }

        var table = new Table().Title($"{Markup.Escape(cg.Path)}: {cg.PeriodCount} periods of {cg.PeriodUs / 1000.0:0.###} ms, {Markup.Escape(recorded)}")
            .AddColumns("limit", "throttled periods", "wait p50", "wait p99", "usage", "confidence");
        foreach (var p in predictions)
        {
            table.AddRow(Units.Cores(p.LimitCores), Units.Percent(p.ThrottledPeriodsRatio) + (p.Extrapolated ? " (extrapolated)" : "") + (p.LoopDependent ? " (loop-dependent)" : ""),
                Units.Duration(p.ThrottleWaitP50Seconds), Units.Duration(p.ThrottleWaitP99Seconds), Units.Cores(p.UsageCores), Units.Number(p.Confidence, "0.00"));
        }

        return table;
    }
}
