using System.CommandLine;
using System.CommandLine.Parsing;
using KernelTruth.Cli.Configuration;

namespace KernelTruth.Cli.Commands;

/// <summary>`ktruth recommend --cgroup PATH [--duration 30s] [--slo-throttled R] [--slo-throttle-wait D] [--json]`.</summary>
internal static class RecommendCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("recommend", "Observe one cgroup with eBPF and recommend its CPU request and limit and memory, with the evidence and the stock VPA algorithm's figure beside it.")
        {
            new Option<string>("--cgroup") { Description = "the cgroup, as /proc/<pid>/cgroup shows it for the cpu controller, or an absolute path under the cpu mount", Required = true, HelpName = "path" },
            DurationOption.Create("--duration", "how long to observe it, 2s-1h (default: 30s)"),
            DurationOption.DeprecatedSeconds(),
            new Option<double>("--slo-throttled") { Description = "SLO: largest share of CFS periods that may be throttled, in (0, 1)", DefaultValueFactory = _ => CliDefaults.SloThrottled, HelpName = "ratio" },
            DurationOption.Create("--slo-throttle-wait", "SLO: largest throttle-wait p99, 0-10s (default: 10ms)"),
            Output.OutputFormatOption.Create(Output.OutputFormat.Table, Output.OutputFormat.Json),
            new Option<bool>("--json") { Description = "print one JSON document: cpu, memory, baseline, evidence; same as -o json" },
        };
        command.SetAction((parse, ct) =>
        {
            var settings = ToSettings(parse.CommandResult);
            DurationOption.WarnIfDeprecatedSeconds(parse.CommandResult, env.Error);
            return CommandAction.RunAsync(env, settings.Validate(), token => new RecommendRunner(env).RunAsync(settings, token), ct);
        });
        return command;
    }

    public static RecommendSettings ToSettings(SymbolResult r) => new()
    {
        Cgroup = r.GetValue<string>("--cgroup") ?? "",
        Seconds = DurationOption.Seconds(r, CliDefaults.RecommendDuration),
        SloThrottled = r.GetValue<double>("--slo-throttled"),
        SloThrottleWait = r.GetValue<TimeSpan?>("--slo-throttle-wait") ?? CliDefaults.SloThrottleWait,
        Json = Output.OutputFormatOption.Resolve(r, ("--json", Output.OutputFormat.Json)) == Output.OutputFormat.Json,
    };
}
