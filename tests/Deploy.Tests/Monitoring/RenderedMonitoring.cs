using KernelTruth.Deploy.Tests.Rendering;

namespace KernelTruth.Deploy.Tests.Monitoring;

/// <summary>deploy/overlays/monitoring rendered once: the install plus deploy/components/monitoring.</summary>
internal static class RenderedMonitoring
{
    private static readonly Lazy<IReadOnlyList<KubeObject>> Rendered = new(() => Kustomize.Render(RepositoryRoot.Combine("deploy", "overlays", "monitoring")));

    public static IReadOnlyList<KubeObject> Objects => Rendered.Value;

    public static KubeObject Single(string kind, string name) =>
        Objects.SingleOrDefault(o => o.Kind == kind && o.Name == name)
        ?? throw new Xunit.Sdk.XunitException($"deploy/overlays/monitoring renders no {kind} named {name}");

    /// <summary>The component's own file, as written (the rule file and the dashboard are checked in this form).</summary>
    public static string ComponentFile(string name) => File.ReadAllText(RepositoryRoot.Combine("deploy", "components", "monitoring", name));
}
