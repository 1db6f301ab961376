using System.CommandLine;
using System.CommandLine.Parsing;
using KernelTruth.Cli.Configuration;

namespace KernelTruth.Cli.Commands;

/// <summary>`ktruth report (--from-state FILE | --from FILE|- | --from-snapshots PATH...) [--format] [--out] [--group-by] [prices]`.</summary>
internal static class ReportCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("report", "FinOps right-sizing report: cost now and recommended, savings, throttling before and after, risks; per workload container, totals per group.")
        {
            new Option<string>("--from-state") { Description = "a state file written by `ktruth watch --state`", HelpName = "file" },
            new Option<string>("--from") { Description = "WorkloadProfiles as `kubectl get ktp -A -o json` prints them; - reads stdin", HelpName = "file|-" },
            new Option<string[]>("--from-snapshots") { Description = "recorded sensor snapshots (GET /v1/snapshot bodies): files or directories of *.json/*.jsonl", HelpName = "path", AllowMultipleArgumentsPerToken = true },
            new Option<string>("--format") { Description = "html, md, csv or json (default: from --out's extension, else md)" },
            new Option<string>("--out") { Description = "write here (atomically) instead of stdout", HelpName = "file" },
            new Option<string>("--group-by") { Description = "totals per namespace, workload or label:<key> (e.g. label:team)", DefaultValueFactory = _ => "namespace" },
            new Option<double?>("--cpu-hour") { Description = "price per vCPU-hour (default 0.031611, OpenCost's list price)", HelpName = "dollars" },
            new Option<double?>("--gib-hour") { Description = "price per GiB-hour of memory (default 0.004237, OpenCost's list price)", HelpName = "dollars" },
            new Option<string>("--prices") { Description = "YAML price file: default and per-node-pool prices, hours per month", HelpName = "file" },
        };
        command.SetAction((parse, ct) =>
        {
            var settings = ToSettings(parse.CommandResult);
            var errors = settings.Validate();
            if (errors.Count > 0)
            {
                foreach (string error in errors)
                {
                    env.Error.WriteLine($"ktruth: {error}");
                }

                return Task.FromResult(CliExitCodes.InvalidInput);
            }

            return CommandAction.RunAsync(env, token => Task.FromResult(new ReportRunner(env, Console.OpenStandardInput).Run(settings)), ct);
        });
        return command;
    }

    public static ReportSettings ToSettings(SymbolResult r) => new()
    {
        FromState = r.GetValue<string>("--from-state"),
        From = r.GetValue<string>("--from"),
        FromSnapshots = r.GetValue<string[]>("--from-snapshots") ?? [],
        Format = r.GetValue<string>("--format"),
        Out = r.GetValue<string>("--out"),
        GroupBy = r.GetValue<string>("--group-by") ?? "namespace",
        CpuHour = r.GetValue<double?>("--cpu-hour"),
        GibHour = r.GetValue<double?>("--gib-hour"),
        Prices = r.GetValue<string>("--prices"),
    };
}
