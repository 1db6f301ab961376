using YamlDotNet.RepresentationModel;

namespace KernelTruth.Deploy.Tests.Rendering;

/// <summary>
/// Multi-document YAML as plain trees: mappings become <see cref="Dictionary{TKey,TValue}"/> of
/// string keys, sequences <see cref="List{T}"/>, scalars strings (YAML 1.2 types are not guessed:
/// "false" stays "false", so a test compares what was written).
/// </summary>
internal static class YamlTree
{
    public static IReadOnlyList<Dictionary<string, object?>> ParseDocuments(string yaml, string source)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var documents = new List<Dictionary<string, object?>>();
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is YamlScalarNode { Value: null or "" })
            {
                continue; // an empty document between two "---"
            }

            documents.Add(ToTree(document.RootNode) as Dictionary<string, object?>
                ?? throw new InvalidDataException($"{source}: a document at line {document.RootNode.Start.Line} is not a mapping"));
        }

        return documents;
    }

    private static object? ToTree(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(
            kv => ((YamlScalarNode)kv.Key).Value ?? "",
            kv => ToTree(kv.Value)),
        YamlSequenceNode seq => seq.Children.Select(ToTree).ToList(),
        YamlScalarNode scalar => scalar.Value,
        _ => throw new InvalidDataException($"unsupported YAML node {node.NodeType} at line {node.Start.Line}"),
    };
}
