using KernelTruth.Contracts.Units;
using System.CommandLine;
using System.Text.Json;
using KernelTruth.Cli.Commands;
using KernelTruth.Cli.Configuration;
using KernelTruth.Cli.Output;
using KernelTruth.Simulations;
using KernelTruth.Simulations.Hpa;
using Spectre.Console;

namespace KernelTruth.Cli.Simulating;

/// <summary>
/// `ktruth simulate hpa --trace F --target 80% [--signal cpu|demand|throttled] …`: replicas over time;
/// `--signal Forecast` replays generated diurnal/weekly workloads (or --minutes F) instead (<see cref="SimulateForecast"/>).
/// </summary>
internal static class SimulateHpaCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("hpa", "Replay the trace's demand through an HPA (tolerance, stabilization, rate limits, pod start delay) scaling on metrics-server CPU, our demand utilization, or our throttled ratio.")
        {
            SimulateCommand.TraceOption(),
            SimulateCommand.CgroupOption(),
            new Option<string>("--target") { Description = "target: utilization of the request (80% or 0.8) or, for --signal throttled, the ratio (5% or 0.05)", Required = true },
            new Option<HpaSignal>("--signal") { Description = "what the HPA scales on: CpuAverage (metrics-server), DemandUtilization, ThrottledRatio, or Forecast (generated diurnal/weekly workloads, compared with the reactive signals)", DefaultValueFactory = _ => HpaSignal.CpuAverage },
            new Option<int>("--seed") { Description = "with --signal Forecast: the seed of the eight generated workloads", DefaultValueFactory = _ => 1 },
            new Option<string>("--minutes") { Description = "with --signal Forecast: a recorded demand to replay, cores per minute one per line from a Monday 00:00 UTC, at least three weeks" },
            new Option<string>("--request") { Description = "per-pod CPU request", DefaultValueFactory = _ => "1" },
            new Option<string>("--limit") { Description = "per-pod CPU limit (default: none)" },
            new Option<int>("--min") { Description = "minReplicas", DefaultValueFactory = _ => 1 },
            new Option<int>("--max") { Description = "maxReplicas", DefaultValueFactory = _ => 10 },
            new Option<int>("--replicas") { Description = "replicas at the start", DefaultValueFactory = _ => 1 },
            new Option<int>("--recorded-replicas") { Description = "pods that shared the recorded demand", DefaultValueFactory = _ => 1 },
            DurationOption.Create("--start-delay", "scale-up to a new pod taking load (default: 30s)"),
            DurationOption.Create("--scale-down-stabilization", "scale-down stabilization window (default: 5m)"),
            OutputFormatOption.Create(OutputFormat.Table, OutputFormat.Json),
            new Option<bool>("--json") { Description = "one JSON document with every sync; same as -o json" },
        };
        command.SetAction((parse, ct) =>
        {
            var r = parse.CommandResult;
            var errors = new List<string>();
            double target = ParseTarget(r.GetValue<string>("--target"), errors);
            double request = Cores("--request", r.GetValue<string>("--request"), errors) ?? 1;
            double? limit = Cores("--limit", r.GetValue<string>("--limit"), errors);
            var settings = new HpaSettings
            {
                Signal = r.GetValue<HpaSignal>("--signal"),
                Target = target,
                RequestCores = request,
                LimitCores = limit,
                MinReplicas = r.GetValue<int>("--min"),
                MaxReplicas = r.GetValue<int>("--max"),
                InitialReplicas = r.GetValue<int>("--replicas"),
                RecordedReplicas = r.GetValue<int>("--recorded-replicas"),
                PodStartDelay = r.GetValue<TimeSpan?>("--start-delay") ?? TimeSpan.FromSeconds(30),
                ScaleDownStabilization = r.GetValue<TimeSpan?>("--scale-down-stabilization") ?? TimeSpan.FromMinutes(5),
            };
            if (errors.Count == 0)
            {
                errors.AddRange(settings.Validate().Select(e => $"hpa: {e}"));
            }

            string trace = r.GetValue<string>("--trace") ?? "";
            if (settings.Signal == HpaSignal.Forecast)
            {
                if (trace.Length > 0 || r.GetValue<bool>("--json"))
                {
                    errors.Add("--signal Forecast needs weeks of per-minute demand, which a `ktruth record` trace does not hold: it replays generated workloads (--seed) or --minutes FILE, and prints tables only (no --trace, no --json)");
                }

                return CommandAction.RunAsync(env, errors, _ => Task.FromResult(SimulateForecast.Run(env, settings, r.GetValue<int>("--seed"), r.GetValue<string>("--minutes"))), ct);
            }

            if (trace.Length == 0)
            {
                errors.Add("--trace must name a trace file written by `ktruth record`");
            }

            return CommandAction.RunAsync(env, errors, _ => Task.FromResult(Run(env, trace, r.GetValue<string>("--cgroup"), settings, OutputFormatOption.Resolve(r, ("--json", OutputFormat.Json)) == OutputFormat.Json)), ct);
        });
        return command;
    }

    private static int Run(CliEnvironment env, string trace, string? cgroup, HpaSettings settings, bool json)
    {
        var cg = TraceInput.Load(trace, cgroup);
        var warnings = new List<string>();
        var demand = TraceInput.Demand(cg, null, warnings);
        warnings.ForEach(w => env.Error.WriteLine($"ktruth: warning: {w}"));
        var result = HpaReplay.Run(demand, settings);
        if (json)
        {
            env.Out.WriteLine(JsonSerializer.Serialize(new HpaDocument("ktruth.io/v1", cg.Path, settings.Signal, settings.Target, result.ReplicaHours, result.MaxReplicas, result.ThrottledPeriodsRatio, result.MissingMetricSyncs, result.Steps), SimulateJsonContext.Default.HpaDocument));
            return CliExitCodes.Ok;
        }

        var table = new Table().Title($"HPA on {settings.Signal}, target {Units.Number(settings.Target)}: {Units.Number(result.ReplicaHours, "0.00")} replica-hours, max {result.MaxReplicas} replicas, {Units.Percent(result.ThrottledPeriodsRatio)} of periods throttled")
            .AddColumns("t", "metric", "replicas", "ready", "why");
        int previous = -1;
        foreach (var s in result.Steps.Where(s => s.Replicas != previous || s == result.Steps[^1]))
        {
            previous = s.Replicas;
            table.AddRow(Units.Duration(s.TimeSeconds), double.IsNaN(s.Metric) ? "missing" : Units.Number(s.Metric), s.Replicas.ToString(System.Globalization.CultureInfo.InvariantCulture), s.ReadyReplicas.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(s.Reason));
        }

        env.Console.Write(table);
        return CliExitCodes.Ok;
    }

    private static double ParseTarget(string? text, List<string> errors)
    {
        string t = (text ?? "").Trim();
        bool percent = t.EndsWith('%');
        if (double.TryParse(percent ? t[..^1] : t, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v) && v > 0)
        {
            return percent ? v / 100 : v;
        }

        errors.Add($"--target '{text}' is not a positive number or percentage, e.g. 80% or 0.05");
        return double.NaN;
    }

    private static double? Cores(string option, string? text, List<string> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (Quantity.TryParseNonNegative(text, out double c) && c > 0)
        {
            return c;
        }

        errors.Add($"{option} '{text}' is not a CPU amount > 0, e.g. 500m");
        return null;
    }
}
