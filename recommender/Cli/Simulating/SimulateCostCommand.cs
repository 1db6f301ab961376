using System.CommandLine;
using System.Text.Json;
using KernelTruth.Cli.Commands;
using KernelTruth.Cli.Output;
using KernelTruth.Contracts.Units;
using KernelTruth.Simulations;
using KernelTruth.Simulations.Cost;
using KernelTruth.Reports.Model;
using Spectre.Console;

namespace KernelTruth.Cli.Simulating;

/// <summary>`ktruth simulate cost --profiles F`: what current vs recommended requests cost, and the nodes they need.</summary>
internal static class SimulateCostCommand
{
    /// <summary>A hundred years of 8 760 hours: more is a typo, and would overflow the totals into infinity.</summary>
    private const double MaxHours = 876_000;

    private static double Price(CliEnvironment env, System.CommandLine.Parsing.SymbolResult r, string name, string deprecated, double defaultValue)
    {
        if (r.GetValue<double?>(deprecated) is { } old)
        {
            env.Error.WriteLine($"ktruth: warning: {deprecated} is deprecated and will be removed; use {name} {old.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        return r.GetValue<double?>(name) ?? r.GetValue<double?>(deprecated) ?? defaultValue;
    }

    public static Command Create(CliEnvironment env)
    {
        var command = new Command("cost", "Price current vs recommended requests over time and count the nodes they need (first-fit decreasing).")
        {
            new Option<string>("--profiles") { Description = "`kubectl get ktp -A -o json` output, or CSV name,cpuRequest,memoryRequest,pods[,recommendedCpuRequest,recommendedMemoryRequest]", Required = true, HelpName = "file" },
            new Option<double?>("--cpu-hour") { Description = $"price per vCPU-hour, as `ktruth report` takes it (default: {PriceDefaults.CpuCoreHour})", HelpName = "price" },
            new Option<double?>("--gib-hour") { Description = $"price per GiB-hour of memory (default: {PriceDefaults.MemoryGibHour})", HelpName = "price" },
            new Option<double?>("--core-price") { Description = "deprecated: use --cpu-hour", Hidden = true },
            new Option<double?>("--gib-price") { Description = "deprecated: use --gib-hour", Hidden = true },
            new Option<string>("--node-cpus") { Description = "allocatable CPU per node", DefaultValueFactory = _ => "4" },
            new Option<string>("--node-memory") { Description = "allocatable memory per node", DefaultValueFactory = _ => "16Gi" },
            new Option<double>("--hours") { Description = "time the requests are held (730 = a month)", DefaultValueFactory = _ => 730 },
            OutputFormatOption.Create(OutputFormat.Table, OutputFormat.Json),
            new Option<bool>("--json") { Description = "one JSON document; same as -o json" },
        };
        command.SetAction((parse, ct) =>
        {
            var r = parse.CommandResult;
            var errors = new List<string>();
            if (!Quantity.TryParseNonNegative(r.GetValue<string>("--node-cpus"), out double cpus) || cpus <= 0)
            {
                errors.Add($"--node-cpus '{r.GetValue<string>("--node-cpus")}' is not a CPU amount > 0");
            }

            if (!Quantity.TryParseNonNegative(r.GetValue<string>("--node-memory"), out double memory) || memory <= 0)
            {
                errors.Add($"--node-memory '{r.GetValue<string>("--node-memory")}' is not a memory amount > 0, e.g. 16Gi");
            }

            // One price flag name across commands: report's --cpu-hour/--gib-hour; the old names still work, with a warning.
            var prices = new Prices(Price(env, r, "--cpu-hour", "--core-price", PriceDefaults.CpuCoreHour), Price(env, r, "--gib-hour", "--gib-price", PriceDefaults.MemoryGibHour));
            if (!(prices.PerCoreHour >= 0 && double.IsFinite(prices.PerCoreHour)))
            {
                errors.Add($"--cpu-hour must be a price ≥ 0 (was {prices.PerCoreHour})");
            }

            if (!(prices.PerGiBHour >= 0 && double.IsFinite(prices.PerGiBHour)))
            {
                errors.Add($"--gib-hour must be a price ≥ 0 (was {prices.PerGiBHour})");
            }

            double hours = r.GetValue<double>("--hours");
            if (!(hours > 0 && hours <= MaxHours))
            {
                errors.Add($"--hours {hours} must be in (0, {MaxHours}] (730 = a month)");
            }

            string file = r.GetValue<string>("--profiles") ?? "";
            return CommandAction.RunAsync(env, errors, _ => Task.FromResult(Run(env, file, prices, new NodeShape(cpus, memory), hours, OutputFormatOption.Resolve(r, ("--json", OutputFormat.Json)) == OutputFormat.Json)), ct);
        });
        return command;
    }

    private static int Run(CliEnvironment env, string file, Prices prices, NodeShape node, double hours, bool json)
    {
        CostInput.Sets sets;
        CostEstimate current, recommended;
        try
        {
            sets = CostInput.Read(File.ReadAllText(file));
            current = CostModel.Estimate(sets.Current, prices, node, hours);
            recommended = CostModel.Estimate(sets.Recommended, prices, node, hours);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
        {
            throw new CliFailure($"--profiles {file}: {ex.Message.Split(" (Parameter", 2)[0]}", CliExitCodes.Usage, ex);
        }

        sets.Warnings.ToList().ForEach(w => env.Error.WriteLine($"ktruth: warning: {w}"));
        if (json)
        {
            env.Out.WriteLine(JsonSerializer.Serialize(new CostDocument("ktruth.io/v1", current, recommended, current.Cost - recommended.Cost, sets.Warnings), SimulateJsonContext.Default.CostDocument));
            return CliExitCodes.Ok;
        }

        var table = new Table().Title($"{sets.Current.Count} workloads over {Units.Number(hours)} h").AddColumns("", "core-hours", "GiB-hours", "cost", "nodes");
        table.AddRow("current", Units.Number(current.CoreHours, "0.0"), Units.Number(current.GiBHours, "0.0"), Units.Number(current.Cost, "0.00"), Units.Number(current.Nodes));
        table.AddRow("recommended", Units.Number(recommended.CoreHours, "0.0"), Units.Number(recommended.GiBHours, "0.0"), Units.Number(recommended.Cost, "0.00"), Units.Number(recommended.Nodes));
        env.Console.Write(table);
        return CliExitCodes.Ok;
    }
}
