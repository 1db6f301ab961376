using System.CommandLine;
using KernelTruth.Cli.Commands;

namespace KernelTruth.Cli.Profiles;

/// <summary>`ktruth get [-n NS | -A] [KIND/NAME] [-l SELECTOR] [-o table|wide|json|yaml|csv] [--context C] [--kubeconfig F]`.</summary>
internal static class GetCommand
{
    public static Command Create(CliEnvironment env, Func<string, string?> environment)
    {
        var command = new Command("get", "List WorkloadProfiles from the cluster: per workload container the CPU request and limit now → recommended, throttled periods now → predicted at the recommended limit, confidence, cost per month now → recommended.")
        {
            new Argument<string>(ClusterOptions.Target) { Description = "one workload: deployment/web, sts/db, ktp/PROFILE (default: all)", Arity = ArgumentArity.ZeroOrOne },
        };
        ClusterOptions.AddTo(command, allNamespaces: true);
        command.SetAction((parse, ct) =>
        {
            var errors = new List<string>();
            var query = ClusterOptions.ToQuery(parse, errors);
            var runner = new ProfileRunner(env, new ProfileSource(environment, env.Time));
            return CommandAction.RunAsync(env, errors, token => runner.GetAsync(query, token), ct);
        });
        return command;
    }
}
