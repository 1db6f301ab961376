using System.CommandLine;
using KernelTruth.Cli.Configuration;
using KernelTruth.Cli.Demo;

namespace KernelTruth.Cli.Commands;

/// <summary>`ktruth demo`: the README's first command. No options: one fixed, bounded story (≤ 90 s).</summary>
internal static class DemoCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("demo", "As root, in at most 90 s: a bursty workload under a too-low CPU limit; average usage (what metrics-server shows) vs what the kernel did; the recommendation, applied to the cgroup and measured again. Removes everything it made.");
        command.SetAction((_, ct) => CommandAction.RunAsync(env, token => new DemoRunner(env).RunAsync(new DemoSettings(), token), ct));
        return command;
    }
}
