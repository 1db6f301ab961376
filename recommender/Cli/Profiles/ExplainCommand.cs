using System.CommandLine;
using KernelTruth.Cli.Commands;

namespace KernelTruth.Cli.Profiles;

/// <summary>`ktruth explain KIND/NAME [-n NS] [-o table|json|yaml] [--context C] [--kubeconfig F]`.</summary>
internal static class ExplainCommand
{
    public static Command Create(CliEnvironment env, Func<string, string?> environment)
    {
        var command = new Command("explain", "Show the evidence behind one workload's recommendation: what the kernel measured and over how long, what is set, what is recommended beside the stock VPA figure, the predicted throttling at the recommended limit, the recommender's reasons.")
        {
            new Argument<string>(ClusterOptions.Target) { Description = "the workload: deployment/web, sts/db, ktp/PROFILE" },
        };
        ClusterOptions.AddTo(command, allNamespaces: false);
        command.SetAction((parse, ct) =>
        {
            var errors = new List<string>();
            var query = ClusterOptions.ToQuery(parse, errors);
            var runner = new ProfileRunner(env, new ProfileSource(environment, env.Time));
            return CommandAction.RunAsync(env, errors, token => runner.ExplainAsync(query, token), ct);
        });
        return command;
    }
}
