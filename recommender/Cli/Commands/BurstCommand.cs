using System.CommandLine;
using System.CommandLine.Parsing;
using KernelTruth.Cli.Configuration;
using KernelTruth.Cli.Workload;

namespace KernelTruth.Cli.Commands;

/// <summary>
/// `ktruth burst`, hidden: the demo's bursty workload, run as a child process that the demo puts
/// into its cgroup before it starts burning. Built in, so the demo needs nothing else installed.
/// </summary>
internal static class BurstCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("burst", "Burn CPU in bursts: every --every-ms, each thread burns --burst-ms of CPU time (the demo's workload).")
        {
            new Option<int>("--burst-ms") { Description = "CPU time per burst per thread, 1-10000", DefaultValueFactory = _ => CliDefaults.DemoBurstMs },
            new Option<int>("--every-ms") { Description = "time between burst starts, 1-60000", DefaultValueFactory = _ => CliDefaults.DemoEveryMs },
            new Option<int>("--threads") { Description = "threads bursting together, 1-64", DefaultValueFactory = _ => CliDefaults.DemoThreads },
            new Option<double>("--seconds") { Description = "how long to run", DefaultValueFactory = _ => 10 },
            new Option<MissedSlots>("--missed") { Description = "slots missed while still burning: skip (closed loop) or queue (open loop)", DefaultValueFactory = _ => MissedSlots.Skip },
        };
        command.Hidden = true;
        command.SetAction((parse, ct) =>
        {
            var settings = ToSettings(parse.CommandResult);
            return CommandAction.RunAsync(env, settings.Validate(), token => RunAsync(settings, env, token), ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(BurstSettings settings, CliEnvironment env, CancellationToken token)
    {
        try
        {
            await new BurstWorkload(settings, env.Time).RunAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // stopped by its parent: a normal end for a workload
        }

        return CliExitCodes.Ok;
    }

    public static BurstSettings ToSettings(SymbolResult r) => new()
    {
        BurstMs = r.GetValue<int>("--burst-ms"),
        EveryMs = r.GetValue<int>("--every-ms"),
        Threads = r.GetValue<int>("--threads"),
        Seconds = r.GetValue<double>("--seconds"),
        Missed = r.GetValue<MissedSlots>("--missed"),
    };
}
