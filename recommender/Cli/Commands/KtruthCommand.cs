using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;

namespace KernelTruth.Cli.Commands;

/// <summary>The ktruth command line: watch, recommend, demo, report, record, simulate; get and explain (WorkloadProfiles from a cluster); and the hidden burst workload.</summary>
internal static class KtruthCommand
{
    /// <summary>
    /// After Ctrl-C or SIGTERM a command has this long to clean up (save state, kill its workload,
    /// remove its cgroup) before the process is ended anyway.
    /// </summary>
    public static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(15);

    public static RootCommand Create(CliEnvironment env) => new("ktruth: what the Linux kernel does to each container's CPU (CFS throttling, throttle wait vs run-queue wait, per-period usage), measured with eBPF, and the CPU request/limit and memory it should have.")
    {
        WatchCommand.Create(env),
        RecommendCommand.Create(env),
        DemoCommand.Create(env),
        ReportCommand.Create(env),
        RecordCommand.Create(env),
        Simulating.SimulateCommand.Create(env),
        Profiles.GetCommand.Create(env, Environment.GetEnvironmentVariable),
        Profiles.ExplainCommand.Create(env, Environment.GetEnvironmentVariable),
        BurstCommand.Create(env),
    };

    public static InvocationConfiguration Invocation(CliEnvironment env) => new()
    {
        Output = env.Out,
        Error = env.Error,
        ProcessTerminationTimeout = CleanupTimeout,
        EnableDefaultExceptionHandler = false,
    };

    /// <summary>
    /// The whole process after the console is set up (Program and the bad-input tests call this): a command line that
    /// does not parse is one line per problem and exit 2, without the help page (`--help` shows it); an exception no
    /// command turned into a message is still one line (exit 1), never a stack trace.
    /// </summary>
    public static async Task<int> RunAsync(CliEnvironment env, string[] args)
    {
        var parse = Create(env).Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
        {
            string help = $"see `{CommandPath(parse.CommandResult)} --help`";
            foreach (var error in parse.Errors)
            {
                await env.Error.WriteLineAsync($"ktruth: {OneLine(error.Message)} ({help})").ConfigureAwait(false);
            }

            return CliExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(Invocation(env)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await env.Error.WriteLineAsync($"ktruth: failed: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            return CliExitCodes.Failed;
        }
    }

    /// <summary>System.CommandLine lists an enum's values on lines of their own: one line, values comma-separated.</summary>
    private static string OneLine(string message) =>
        string.Join(' ', message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    /// <summary>"ktruth simulate hpa" for the command a parse ended in (the root's own name is the executable's).</summary>
    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? at = result; at is CommandResult command; at = command.Parent)
        {
            names.Insert(0, command.Parent is null ? "ktruth" : command.Command.Name);
        }

        return string.Join(' ', names);
    }
}
