namespace KernelTruth.Kube.TestServer.Semantics;

/// <summary>
/// Label selectors as the API parses them: equality (<c>a=b</c>, <c>a==b</c>, <c>a!=b</c>) and
/// set-based (<c>a in (x,y)</c>, <c>a notin (x)</c>, <c>a</c>, <c>!a</c>), comma = AND.
/// </summary>
internal sealed class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> _terms = [];

    public static LabelSelector Parse(string? text)
    {
        var selector = new LabelSelector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }

        foreach (var raw in SplitTopLevel(text))
        {
            var term = raw.Trim();
            if (term.Length == 0)
            {
                throw ApiError.BadRequest($"labelSelector '{text}': empty term");
            }

            selector._terms.Add(ParseTerm(term, text));
        }

        return selector;
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _terms.TrueForAll(t => t(labels));

    private static Func<IReadOnlyDictionary<string, string>, bool> ParseTerm(string term, string whole)
    {
        if (term.StartsWith('!'))
        {
            var key = Key(term[1..], whole);
            return labels => !labels.ContainsKey(key);
        }

        var notIn = term.IndexOf(" notin ", StringComparison.Ordinal);
        if (notIn > 0)
        {
            var (key, values) = (Key(term[..notIn], whole), Set(term[(notIn + 7)..], whole));
            return labels => !labels.TryGetValue(key, out var v) || !values.Contains(v);
        }

        var inAt = term.IndexOf(" in ", StringComparison.Ordinal);
        if (inAt > 0)
        {
            var (key, values) = (Key(term[..inAt], whole), Set(term[(inAt + 4)..], whole));
            return labels => labels.TryGetValue(key, out var v) && values.Contains(v);
        }

        var notEqual = term.IndexOf("!=", StringComparison.Ordinal);
        if (notEqual > 0)
        {
            var (key, value) = (Key(term[..notEqual], whole), term[(notEqual + 2)..].Trim());
            return labels => !labels.TryGetValue(key, out var v) || v != value;
        }

        var equal = term.IndexOf('=');
        if (equal > 0)
        {
            var key = Key(term[..equal], whole);
            var value = term[(equal + 1)..].TrimStart('=').Trim();
            return labels => labels.TryGetValue(key, out var v) && v == value;
        }

        var exists = Key(term, whole);
        return labels => labels.ContainsKey(exists);
    }

    private static string Key(string text, string whole)
    {
        var key = text.Trim();
        return key.Length > 0 && !key.Contains(' ', StringComparison.Ordinal) && !key.Contains('(', StringComparison.Ordinal)
            ? key
            : throw ApiError.BadRequest($"labelSelector '{whole}': '{text}' is not a label key");
    }

    private static HashSet<string> Set(string text, string whole)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith('(') || !trimmed.EndsWith(')'))
        {
            throw ApiError.BadRequest($"labelSelector '{whole}': a set must be written (a,b)");
        }

        return trimmed[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Splits on commas that are not inside a (set).</summary>
    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(': depth++; break;
                case ')': depth--; break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return text[start..];
    }
}
