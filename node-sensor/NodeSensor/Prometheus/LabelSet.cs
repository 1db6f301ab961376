using System.Globalization;

namespace KernelTruth.NodeSensor.Prometheus;

/// <summary>
/// An immutable set of labels, kept sorted by name so that equal sets compare, hash and render
/// identically whatever order the caller gave them in.
/// </summary>
internal sealed class LabelSet : IEquatable<LabelSet>, IComparable<LabelSet>
{
    private readonly KeyValuePair<string, string>[] _labels;
    private readonly int _hash;

    private LabelSet(KeyValuePair<string, string>[] sortedLabels)
    {
        _labels = sortedLabels;
        var hash = new HashCode();
        foreach (var (name, value) in sortedLabels)
        {
            hash.Add(name, StringComparer.Ordinal);
            hash.Add(value, StringComparer.Ordinal);
        }

        _hash = hash.ToHashCode();
    }

    public static LabelSet Empty { get; } = new([]);

    /// <summary>Labels sorted by name (ordinal).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels => _labels;

    public int Count => _labels.Length;

    /// <summary>
    /// Strict construction for our own sources: a name outside the label charset, starting with
    /// "__", or given twice is a programming error and throws.
    /// </summary>
    public static LabelSet Of(params ReadOnlySpan<(string Name, string Value)> labels)
    {
        var pairs = new KeyValuePair<string, string>[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            var (name, value) = labels[i];
            if (!PrometheusNames.IsValidLabelName(name))
            {
                throw new ArgumentException(
                    $"Label name '{name}' is not a valid Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __).",
                    nameof(labels));
            }

            pairs[i] = new(name, value ?? throw new ArgumentException($"Label '{name}' has a null value.", nameof(labels)));
        }

        Array.Sort(pairs, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        for (var i = 1; i < pairs.Length; i++)
        {
            if (pairs[i].Key == pairs[i - 1].Key)
            {
                throw new ArgumentException($"Label '{pairs[i].Key}' is given twice.", nameof(labels));
            }
        }

        return new LabelSet(pairs);
    }

    /// <summary>
    /// Lenient construction from measurement tags: it runs inside <c>Counter.Add</c> and friends,
    /// so it never throws. Names are sanitised; when two keys sanitise to the same name (e.g.
    /// "a.b" and "a-b") their values are joined with ';' in ordinal order of the original keys,
    /// the rule the OpenTelemetry Prometheus exporter follows. Values are formatted invariantly.
    /// </summary>
    public static LabelSet FromTags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return Empty;
        }

        var entries = new (string Name, string RawKey, string Value)[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            var key = tags[i].Key ?? string.Empty;
            entries[i] = (PrometheusNames.SanitizeLabelName(key), key, FormatTagValue(tags[i].Value));
        }

        Array.Sort(entries, static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.RawKey, b.RawKey);
        });

        var merged = new List<KeyValuePair<string, string>>(entries.Length);
        foreach (var (name, _, value) in entries)
        {
            if (merged.Count > 0 && merged[^1].Key == name)
            {
                merged[^1] = new(name, merged[^1].Value + ";" + value);
            }
            else
            {
                merged.Add(new(name, value));
            }
        }

        return new LabelSet([.. merged]);
    }

    public bool ContainsName(string name) => _labels.Any(l => l.Key == name);

    public bool Equals(LabelSet? other)
    {
        if (other is null || other._hash != _hash || other._labels.Length != _labels.Length)
        {
            return false;
        }

        return CompareTo(other) == 0;
    }

    public override bool Equals(object? obj) => Equals(obj as LabelSet);

    public override int GetHashCode() => _hash;

    /// <summary>Ordinal, label by label (name, then value); a prefix sorts first.</summary>
    public int CompareTo(LabelSet? other)
    {
        if (other is null)
        {
            return 1;
        }

        var common = Math.Min(_labels.Length, other._labels.Length);
        for (var i = 0; i < common; i++)
        {
            var byName = string.CompareOrdinal(_labels[i].Key, other._labels[i].Key);
            if (byName != 0)
            {
                return byName;
            }

            var byValue = string.CompareOrdinal(_labels[i].Value, other._labels[i].Value);
            if (byValue != 0)
            {
                return byValue;
            }
        }

        return _labels.Length.CompareTo(other._labels.Length);
    }

    public override string ToString() =>
        "{" + string.Join(",", _labels.Select(l => $"{l.Key}=\"{l.Value}\"")) + "}";

    private static string FormatTagValue(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
