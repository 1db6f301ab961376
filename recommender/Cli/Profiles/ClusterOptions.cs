using System.CommandLine;
using System.CommandLine.Parsing;
using KernelTruth.Cli.Configuration;
using KernelTruth.Cli.Output;

namespace KernelTruth.Cli.Profiles;

/// <summary>The options `get` and `explain` share, with kubectl's names: -n, -A, -l, -o, --context, --kubeconfig; and the price flags.</summary>
internal static class ClusterOptions
{
    public const string Target = "KIND/NAME";

    public static void AddTo(Command command, bool allNamespaces)
    {
        command.Options.Add(new Option<string>("--namespace", "-n") { Description = "the namespace (default: the kubeconfig context's, else default)", HelpName = "namespace" });
        if (allNamespaces)
        {
            command.Options.Add(new Option<bool>("--all-namespaces", "-A") { Description = "every namespace" });
            command.Options.Add(new Option<string>("--selector", "-l") { Description = "label selector, e.g. app=web,tier!=cache", HelpName = "selector" });
        }

        command.Options.Add(OutputFormatOption.Create(OutputFormat.Table, OutputFormat.Wide, OutputFormat.Json, OutputFormat.Yaml, OutputFormat.Csv));
        command.Options.Add(new Option<string>("--context") { Description = "the kubeconfig context to use", HelpName = "name" });
        command.Options.Add(new Option<string>("--kubeconfig") { Description = "the kubeconfig file (default: KUBECONFIG, else ~/.kube/config; in a pod its service account)", HelpName = "file" });
        command.Options.Add(PriceOptions.CpuHourOption());
        command.Options.Add(PriceOptions.GibHourOption());
    }

    /// <summary>The query the command line asks for; a KIND/NAME that does not parse is added to <paramref name="errors"/>.</summary>
    public static ProfileQuery ToQuery(ParseResult parse, List<string> errors)
    {
        CommandResult r = parse.CommandResult;
        WorkloadTarget? target = null;
        if (r.GetValue<string>(Target) is string text)
        {
            target = WorkloadTarget.Parse(text, out string? error);
            if (error is not null)
            {
                errors.Add(error);
            }
        }

        bool hasAll = r.Command.Options.Any(o => o.Name == "--all-namespaces");
        var query = new ProfileQuery
        {
            Namespace = r.GetValue<string>("--namespace"),
            AllNamespaces = hasAll && r.GetValue<bool>("--all-namespaces"),
            Selector = hasAll ? r.GetValue<string>("--selector") : null,
            Target = target,
            Output = r.GetValue<OutputFormat?>(OutputFormatOption.Name) ?? OutputFormat.Table,
            Context = r.GetValue<string>("--context"),
            Kubeconfig = r.GetValue<string>("--kubeconfig"),
            CpuHour = r.GetValue<double?>(PriceOptions.CpuHour),
            GibHour = r.GetValue<double?>(PriceOptions.GibHour),
        };
        errors.AddRange(query.Validate());
        return query;
    }
}
