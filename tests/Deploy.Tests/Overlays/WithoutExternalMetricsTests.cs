using KernelTruth.Deploy.Tests.Rendering;

namespace KernelTruth.Deploy.Tests.Overlays;

/// <summary>deploy/overlays/without-external-metrics: the install minus the one APIService another adapter may own.</summary>
public sealed class WithoutExternalMetricsTests
{
    [Fact]
    public void Overlay_RendersTheBaseWithoutTheExternalMetricsApiService()
    {
        var objects = Kustomize.Render(RepositoryRoot.Combine("deploy", "overlays", "without-external-metrics"));
        var missing = RenderedDeploy.Objects.Select(o => o.Id).Except(objects.Select(o => o.Id)).ToList();
        Assert.Equal(["APIService v1beta1.external.metrics.k8s.io"], missing);
        Assert.Empty(objects.Select(o => o.Id).Except(RenderedDeploy.Objects.Select(o => o.Id)));
    }
}
