using KernelTruth.Deploy.Tests.Rendering;

namespace KernelTruth.Deploy.Tests.Overlays;

/// <summary>
/// The APIService choices: the base registers none; each overlay adds exactly the metrics APIServices it says it owns
/// and drops nothing of the base (kernel-truth owns custom + external / custom only / external only / none with KEDA).
/// </summary>
public sealed class ApiServiceChoiceTests
{
    public static TheoryData<string, string[]> Choices() => new()
    {
        { "metrics-apis", ["APIService v1beta1.custom.metrics.k8s.io", "APIService v1beta1.external.metrics.k8s.io", "APIService v1beta2.custom.metrics.k8s.io"] },
        { "without-external-metrics", ["APIService v1beta1.custom.metrics.k8s.io", "APIService v1beta2.custom.metrics.k8s.io"] },
        { "external-metrics", ["APIService v1beta1.external.metrics.k8s.io"] },
        { "keda", [] },
    };

    [Theory]
    [MemberData(nameof(Choices))]
    public void Overlay_AddsExactlyItsApiServices_DropsNothing(string overlay, string[] apiServices)
    {
        var objects = Kustomize.Render(RepositoryRoot.Combine("deploy", "overlays", overlay));
        var ids = objects.Select(o => o.Id).ToList();
        Assert.Empty(RenderedDeploy.Objects.Select(o => o.Id).Except(ids));
        Assert.Equal(apiServices, ids.Except(RenderedDeploy.Objects.Select(o => o.Id)).Where(id => id.StartsWith("APIService ", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }
}
