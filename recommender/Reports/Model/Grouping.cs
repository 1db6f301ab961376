namespace KernelTruth.Reports.Model;

/// <summary>
/// What totals are taken over: <c>namespace</c>, <c>workload</c> (namespace/kind/name) or
/// <c>label:KEY</c> (e.g. a team label); a workload without the label is grouped under "(no KEY)".
/// </summary>
public sealed record Grouping(string Kind, string? LabelKey)
{
    public static readonly Grouping Namespace = new("namespace", null);

    public static readonly Grouping Workload = new("workload", null);

    /// <summary>As written on the command line: "namespace", "workload", "label:team".</summary>
    public string Spec => LabelKey is null ? Kind : $"label:{LabelKey}";

    /// <exception cref="ArgumentException">Not one of the three forms; the message lists them.</exception>
    public static Grouping Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec == "namespace")
        {
            return Namespace;
        }

        if (spec == "workload")
        {
            return Workload;
        }

        if (spec.StartsWith("label:", StringComparison.Ordinal) && spec.Length > "label:".Length)
        {
            return new Grouping("label", spec["label:".Length..]);
        }

        throw new ArgumentException($"--group-by must be namespace, workload or label:<key> (was '{spec}')", nameof(spec));
    }

    public string KeyOf(WorkloadFacts w) => LabelKey is string key
        ? (w.Labels.TryGetValue(key, out string? value) && value.Length > 0 ? value : $"(no {key})")
        : Kind == "workload" ? w.WorkloadKey : w.Namespace;
}
