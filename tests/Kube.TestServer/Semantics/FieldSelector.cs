using System.Text.Json.Nodes;

namespace KernelTruth.Kube.TestServer.Semantics;

/// <summary>
/// Field selectors on the fields the code uses: metadata.name, metadata.namespace, spec.nodeName,
/// status.phase, with <c>=</c>, <c>==</c>, <c>!=</c>; any other field is a 400, as on a real server.
/// </summary>
internal sealed class FieldSelector
{
    private static readonly string[] Supported = ["metadata.name", "metadata.namespace", "spec.nodeName", "status.phase"];
    private readonly List<(string[] Path, string Value, bool Equal)> _terms = [];

    public static FieldSelector Parse(string? text)
    {
        var selector = new FieldSelector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }

        foreach (var raw in text.Split(','))
        {
            var term = raw.Trim();
            var notEqual = term.IndexOf("!=", StringComparison.Ordinal);
            var equal = term.IndexOf('=');
            var (field, value, isEqual) = notEqual > 0
                ? (term[..notEqual], term[(notEqual + 2)..], false)
                : equal > 0
                    ? (term[..equal], term[(equal + 1)..].TrimStart('='), true)
                    : throw ApiError.BadRequest($"fieldSelector '{text}': '{term}' has no = or !=");
            field = field.Trim();
            if (!Supported.Contains(field))
            {
                throw ApiError.BadRequest($"fieldSelector '{text}': field label not supported: {field}");
            }

            selector._terms.Add((field.Split('.'), value.Trim(), isEqual));
        }

        return selector;
    }

    public bool Matches(JsonObject obj) => _terms.TrueForAll(t => (Read(obj, t.Path) == t.Value) == t.Equal);

    private static string Read(JsonObject obj, string[] path)
    {
        JsonNode? node = obj;
        foreach (var part in path)
        {
            node = (node as JsonObject)?[part];
        }

        // An absent field compares as "", as the API server does.
        return node is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";
    }
}
