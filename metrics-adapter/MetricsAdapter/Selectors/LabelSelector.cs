namespace KernelTruth.MetricsAdapter.Selectors;

/// <summary>
/// A parsed Kubernetes label selector: every requirement must hold (AND). The empty selector
/// matches everything. Parse with <see cref="LabelSelectorParser"/>.
/// </summary>
internal sealed class LabelSelector(IReadOnlyList<SelectorRequirement> requirements)
{
    public static LabelSelector Everything { get; } = new([]);

    public IReadOnlyList<SelectorRequirement> Requirements => requirements;

    public bool IsEmpty => requirements.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var r in requirements)
        {
            if (!r.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The equality requirements as a map (external metrics echo them as metricLabels).</summary>
    public IReadOnlyDictionary<string, string> EqualityLabels()
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in requirements)
        {
            if (r.Operator == SelectorOperator.Equals)
            {
                map[r.Key] = r.Values[0];
            }
        }

        return map;
    }
}

internal enum SelectorOperator
{
    Equals,
    NotEquals,
    In,
    NotIn,
    Exists,
    DoesNotExist,
}

/// <summary>
/// One requirement. Semantics as Kubernetes': <c>a!=b</c> and <c>a notin (b)</c> also match
/// objects without the label <c>a</c>; <c>a=b</c> and <c>a in (b)</c> need it.
/// </summary>
internal sealed record SelectorRequirement(string Key, SelectorOperator Operator, IReadOnlyList<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        bool has = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            SelectorOperator.Equals or SelectorOperator.In => has && Values.Contains(value!, StringComparer.Ordinal),
            SelectorOperator.NotEquals or SelectorOperator.NotIn => !has || !Values.Contains(value!, StringComparer.Ordinal),
            SelectorOperator.Exists => has,
            SelectorOperator.DoesNotExist => !has,
            _ => false,
        };
    }
}
