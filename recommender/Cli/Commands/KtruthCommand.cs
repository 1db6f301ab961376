using System.CommandLine;

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
    };
}
