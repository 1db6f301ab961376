using KernelTruth.Cli.Commands;
using KernelTruth.Cli.Output;
using KernelTruth.Kubernetes.Resources;
using KernelTruth.Reports.Input;

namespace KernelTruth.Cli.Profiles;

/// <summary>
/// Runs `ktruth get` and `ktruth explain`: connect, list the profiles the query picks, price them, print them.
/// A profile with a field that cannot be read is left out with one line on stderr naming it; the others are printed.
/// </summary>
internal sealed class ProfileRunner(CliEnvironment env, ProfileSource source)
{
    public async Task<int> GetAsync(ProfileQuery query, CancellationToken ct)
    {
        var (profiles, ns) = await ListAsync(query, ct).ConfigureAwait(false);
        if (query.Target is { } target && profiles.Count == 0)
        {
            throw new CliFailure($"no WorkloadProfile for {target} {Where(ns)}");
        }

        if (query.Output is OutputFormat.Json or OutputFormat.Yaml)
        {
            ProfileDocuments.Write(profiles, query.Output, env.Out);
            return CliExitCodes.Ok;
        }

        if (profiles.Count == 0 && query.Output != OutputFormat.Csv)
        {
            await env.Error.WriteLineAsync(ns is null ? "No WorkloadProfiles found in any namespace." : $"No WorkloadProfiles found in {ns} namespace.").ConfigureAwait(false);
            return CliExitCodes.Ok;
        }

        ProfileListing.Write(Rows(profiles, query), query.Output, ns is null, env.Out);
        return CliExitCodes.Ok;
    }

    public async Task<int> ExplainAsync(ProfileQuery query, CancellationToken ct)
    {
        var target = query.Target ?? throw new CliFailure($"explain needs {ClusterOptions.Target}, e.g. deployment/web", CliExitCodes.InvalidInput);
        var (profiles, ns) = await ListAsync(query, ct).ConfigureAwait(false);
        if (profiles.Count == 0)
        {
            throw new CliFailure($"no WorkloadProfile for {target} {Where(ns)}");
        }

        if (query.Output is OutputFormat.Json or OutputFormat.Yaml)
        {
            ProfileDocuments.Write(profiles, query.Output, env.Out);
            return CliExitCodes.Ok;
        }

        var rows = Rows(profiles, query);
        for (int i = 0; i < rows.Count; i++)
        {
            if (i > 0)
            {
                env.Out.Write('\n');
            }

            ProfileExplanation.Write(rows[i], env.Out);
        }

        return CliExitCodes.Ok;
    }

    /// <summary>The profiles picked, sorted by namespace, workload and container; and the namespace asked (null = all).</summary>
    private async Task<(IReadOnlyList<WorkloadProfile> Profiles, string? Namespace)> ListAsync(ProfileQuery query, CancellationToken ct)
    {
        var (client, host, defaultNamespace) = source.Connect(query);
        using (client)
        {
            string? ns = query.AllNamespaces ? null : query.Namespace ?? defaultNamespace;
            var listed = await ProfileSource.ListAsync(client, host, ns, query.Selector, ct).ConfigureAwait(false);
            var picked = listed
                .Where(p => query.Target?.Matches(p) ?? true)
                .OrderBy(p => p.Metadata.NamespaceProperty, StringComparer.Ordinal)
                .ThenBy(p => p.Spec?.TargetRef.Kind, StringComparer.Ordinal)
                .ThenBy(p => p.Spec?.TargetRef.Name, StringComparer.Ordinal)
                .ThenBy(p => p.Spec?.ContainerName, StringComparer.Ordinal)
                .ThenBy(p => p.Metadata.Name, StringComparer.Ordinal)
                .ToList();
            return (picked, ns);
        }
    }

    private static string Where(string? ns) => ns is null ? "in any namespace" : $"in namespace {ns}";

    private List<ProfileRow> Rows(IReadOnlyList<WorkloadProfile> profiles, ProfileQuery query)
    {
        var prices = query.Prices;
        var rows = new List<ProfileRow>(profiles.Count);
        foreach (var profile in profiles)
        {
            try
            {
                rows.Add(ProfileRow.Of(profile, prices));
            }
            catch (ReportInputException e)
            {
                env.Error.WriteLine($"ktruth: left out: {e.Message}");
            }
        }

        return rows;
    }
}
