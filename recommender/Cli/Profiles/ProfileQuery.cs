using KernelTruth.Cli.Configuration;
using KernelTruth.Cli.Output;
using KernelTruth.Reports.Model;

namespace KernelTruth.Cli.Profiles;

/// <summary>
/// What `ktruth get` and `ktruth explain` were asked for: which WorkloadProfiles (namespace or all, one workload,
/// a label selector), from which cluster (kubeconfig, context), printed how, priced how.
/// </summary>
internal sealed record ProfileQuery
{
    /// <summary>-n: null = the kubeconfig context's namespace, else "default" (as kubectl).</summary>
    public string? Namespace { get; init; }

    /// <summary>-A: every namespace; -n is then an error.</summary>
    public bool AllNamespaces { get; init; }

    /// <summary>KIND/NAME: one workload (all its containers' profiles); null = every profile.</summary>
    public WorkloadTarget? Target { get; init; }

    /// <summary>-l: a label selector, passed to the API server as is.</summary>
    public string? Selector { get; init; }

    public OutputFormat Output { get; init; } = OutputFormat.Table;

    /// <summary>--context: a kubeconfig context other than the current one.</summary>
    public string? Context { get; init; }

    /// <summary>--kubeconfig: this file rather than KUBECONFIG or ~/.kube/config.</summary>
    public string? Kubeconfig { get; init; }

    public double? CpuHour { get; init; }

    public double? GibHour { get; init; }

    /// <summary>The default prices with --cpu-hour/--gib-hour applied.</summary>
    public PriceBook Prices => new() { Default = new PoolPrice(CpuHour ?? PriceDefaults.CpuCoreHour, GibHour ?? PriceDefaults.MemoryGibHour) };

    /// <summary>Every problem with the command line at once, each naming its flag; empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (AllNamespaces && Namespace is not null)
        {
            errors.Add("give -n NAMESPACE or -A (all namespaces), not both");
        }

        if (Namespace is "")
        {
            errors.Add("-n needs a namespace name");
        }

        PriceOptions.Check(CpuHour, PriceOptions.CpuHour, errors);
        PriceOptions.Check(GibHour, PriceOptions.GibHour, errors);
        return errors;
    }
}
