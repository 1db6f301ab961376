using System.CommandLine;
using KernelTruth.Cli.Commands;
using KernelTruth.Cli.Output;
using KernelTruth.Cli.Configuration;

namespace KernelTruth.Cli.Simulating;

/// <summary>
/// `ktruth simulate --trace F --limit 600m [--period 100ms] [--burst 200m] [--json]`, `--sweep FROM:COUNT:STEP [--csv]`,
/// `ktruth simulate hpa …`, `ktruth simulate cost …`.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("simulate", "What if: replay a recorded trace through CFS bandwidth at another limit (or a sweep of limits), through an HPA, or price a set of workloads.")
        {
            TraceOption(),
            CgroupOption(),
            new Option<string>("--limit") { Description = "CPU limit to simulate, e.g. 600m or 1.5", HelpName = "cpu" },
            DurationOption.Create("--period", "CFS period (default: the recorded one; a whole multiple of it)"),
            new Option<string>("--burst") { Description = "CFS burst allowance, e.g. 200m (default 0)", HelpName = "cpu" },
            new Option<string>("--sweep") { Description = "limits FROM:COUNT:STEP, e.g. 100m:10:100m, instead of --limit", HelpName = "range" },
            OutputFormatOption.Create(OutputFormat.Table, OutputFormat.Json, OutputFormat.Csv),
            new Option<bool>("--csv") { Description = "with --sweep: CSV instead of a table; same as -o csv" },
            new Option<bool>("--json") { Description = "one JSON document; same as -o json" },
            SimulateHpaCommand.Create(env),
            SimulateCostCommand.Create(env),
        };
        command.SetAction((parse, ct) =>
        {
            var r = parse.CommandResult;
            var settings = new SimulateSettings
            {
                Trace = r.GetValue<string>("--trace") ?? "",
                Cgroup = r.GetValue<string>("--cgroup"),
                Limit = r.GetValue<string>("--limit"),
                Period = r.GetValue<TimeSpan?>("--period"),
                Burst = r.GetValue<string>("--burst"),
                Sweep = r.GetValue<string>("--sweep"),
                Csv = OutputFormatOption.Resolve(r, ("--json", OutputFormat.Json), ("--csv", OutputFormat.Csv)) == OutputFormat.Csv,
                Json = OutputFormatOption.Resolve(r, ("--json", OutputFormat.Json), ("--csv", OutputFormat.Csv)) == OutputFormat.Json,
            };
            return CommandAction.RunAsync(env, settings.Validate(), _ => Task.FromResult(new SimulateRunner(env).Run(settings)), ct);
        });
        return command;
    }

    public static Option<string> TraceOption() => new("--trace") { Description = "trace file written by `ktruth record`", HelpName = "file" };

    public static Option<string> CgroupOption() => new("--cgroup") { Description = "which recorded cgroup (needed when the trace holds several); same forms as `ktruth recommend`", HelpName = "path" };
}
