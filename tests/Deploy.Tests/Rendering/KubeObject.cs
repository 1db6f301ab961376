namespace KernelTruth.Deploy.Tests.Rendering;

/// <summary>One rendered Kubernetes object, with the few lookups the tests need.</summary>
internal sealed class KubeObject(Dictionary<string, object?> root)
{
    public Dictionary<string, object?> Root { get; } = root;

    public string? ApiVersion => Root.GetValueOrDefault("apiVersion") as string;

    public string? Kind => Root.GetValueOrDefault("kind") as string;

    public string? Name => Map("metadata")?.GetValueOrDefault("name") as string;

    public string? Namespace => Map("metadata")?.GetValueOrDefault("namespace") as string;

    /// <summary>"Kind namespace/name", for assertion messages.</summary>
    public string Id => Namespace is null ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";

    public Dictionary<string, object?>? Map(params string[] path) => Tree.At(Root, path) as Dictionary<string, object?>;

    public List<object?> List(params string[] path) => Tree.At(Root, path) as List<object?> ?? [];

    public string? Scalar(params string[] path) => Tree.At(Root, path) as string;

    /// <summary>The pod template's spec of a workload (Deployment, DaemonSet, StatefulSet, Job).</summary>
    public Dictionary<string, object?> PodSpec =>
        Map("spec", "template", "spec") ?? throw new InvalidOperationException($"{Id} has no spec.template.spec");

    public IReadOnlyDictionary<string, string> TemplateLabels => Tree.StringMap(Map("spec", "template", "metadata", "labels"));

    public IEnumerable<Dictionary<string, object?>> Containers =>
        Tree.Maps(PodSpec.GetValueOrDefault("containers")).Concat(Tree.Maps(PodSpec.GetValueOrDefault("initContainers")));

    public override string ToString() => Id;
}

/// <summary>Navigation over <see cref="YamlTree"/> values.</summary>
internal static class Tree
{
    public static object? At(object? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not Dictionary<string, object?> map || !map.TryGetValue(key, out node))
            {
                return null;
            }
        }

        return node;
    }

    public static IEnumerable<Dictionary<string, object?>> Maps(object? list) =>
        (list as List<object?> ?? []).OfType<Dictionary<string, object?>>();

    public static IEnumerable<string> Strings(object? list) => (list as List<object?> ?? []).OfType<string>();

    public static IReadOnlyDictionary<string, string> StringMap(object? map) =>
        (map as Dictionary<string, object?> ?? []).Where(kv => kv.Value is string)
            .ToDictionary(kv => kv.Key, kv => (string)kv.Value!);

    /// <summary>True when every key/value of <paramref name="selector"/> is in <paramref name="labels"/>.</summary>
    public static bool Selects(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
