namespace KernelTruth.Deploy.Tests.Rendering;

/// <summary>
/// deploy/ rendered once per test run (kubectl takes ~0.3 s) and shared by every test; a render
/// failure fails each test that needs it, with kubectl's own message.
/// </summary>
internal static class RenderedDeploy
{
    public const string Namespace = "kernel-truth";

    private static readonly Lazy<IReadOnlyList<KubeObject>> Rendered = new(() => Kustomize.Render(RepositoryRoot.Combine("deploy")));

    public static IReadOnlyList<KubeObject> Objects => Rendered.Value;

    public static IEnumerable<KubeObject> OfKind(string kind) => Objects.Where(o => o.Kind == kind);

    public static KubeObject Single(string kind, string name) =>
        Objects.SingleOrDefault(o => o.Kind == kind && o.Name == name)
        ?? throw new Xunit.Sdk.XunitException($"deploy/ renders no {kind} named {name}; it renders: {string.Join(", ", Objects.Select(o => o.Id))}");

    public static KubeObject Sensor => Single("DaemonSet", "ktruth-sensor");

    public static KubeObject Recommender => Single("Deployment", "ktruth-recommender");

    /// <summary>Deployments, DaemonSets, StatefulSets: every object with a pod template.</summary>
    public static IEnumerable<KubeObject> Workloads => Objects.Where(o => o.Map("spec", "template", "spec") is not null);
}
