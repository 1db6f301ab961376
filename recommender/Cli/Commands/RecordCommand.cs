using System.CommandLine;
using System.CommandLine.Parsing;
using KernelTruth.Cli.Configuration;
using KernelTruth.Cli.Recording;

namespace KernelTruth.Cli.Commands;

/// <summary>`ktruth record --cgroup PATH [--cgroup PATH …] --duration 30s --out trace.json`.</summary>
internal static class RecordCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("record", "Record per-period CPU usage and throttling of cgroups from the kernel's CFS period timer (fixed windows for unlimited cgroups) into a trace for `ktruth simulate`.")
        {
            new Option<string[]>("--cgroup") { Description = "a cgroup, as /proc/<pid>/cgroup shows it for the cpu controller, or an absolute path under the cpu mount; repeat for several", Required = true, HelpName = "path", AllowMultipleArgumentsPerToken = false },
            DurationOption.Create("--duration", "how long to record, 1s-24h (default: 30s)"),
            DurationOption.DeprecatedSeconds(),
            new Option<string>("--out") { Description = "the trace file to write (JSON)", Required = true, HelpName = "file" },
        };
        command.SetAction((parse, ct) =>
        {
            var settings = ToSettings(parse.CommandResult);
            DurationOption.WarnIfDeprecatedSeconds(parse.CommandResult, env.Error);
            return CommandAction.RunAsync(env, settings.Validate(), token => new RecordRunner(env).RunAsync(settings, token), ct);
        });
        return command;
    }

    public static RecordSettings ToSettings(SymbolResult r) => new()
    {
        Cgroups = r.GetValue<string[]>("--cgroup") ?? [],
        Seconds = DurationOption.Seconds(r, CliDefaults.RecommendDuration),
        Out = r.GetValue<string>("--out") ?? "",
    };
}
