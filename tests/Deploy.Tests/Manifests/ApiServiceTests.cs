using KernelTruth.Deploy.Tests.Rendering;

namespace KernelTruth.Deploy.Tests.Manifests;

/// <summary>
/// The base registers no metrics APIService (another adapter may own them); the three that deploy/overlays/metrics-apis
/// registers reach the adapter, verify its certificate, prefer v1beta2.
/// </summary>
public sealed class ApiServiceTests
{
    private static readonly string[] Names = ["v1beta2.custom.metrics.k8s.io", "v1beta1.custom.metrics.k8s.io", "v1beta1.external.metrics.k8s.io"];

    /// <summary>deploy/overlays/metrics-apis: the base plus every metrics APIService.</summary>
    internal static readonly Lazy<IReadOnlyList<KubeObject>> WithApis = new(() => Kustomize.Render(RepositoryRoot.Combine("deploy", "overlays", "metrics-apis")));

    public static TheoryData<string> ApiServiceNames() => [.. Names];

    [Fact]
    public void Render_Base_RegistersNoApiService()
    {
        Assert.Empty(RenderedDeploy.OfKind("APIService").Select(a => a.Name));
    }

    [Fact]
    public void Render_MetricsApisOverlay_RegistersExactlyTheThreeMetricsApis()
    {
        Assert.Equal(Names.Order(), ApiService().Select(a => a.Name!).Order());
    }

    [Theory]
    [MemberData(nameof(ApiServiceNames))]
    public void ApiService_NameIsVersionDotGroup_AndPointsAtARenderedServicePort(string name)
    {
        var api = ApiService().Single(a => a.Name == name);
        Assert.Equal(name, $"{api.Scalar("spec", "version")}.{api.Scalar("spec", "group")}");
        var serviceName = api.Scalar("spec", "service", "name");
        var serviceNamespace = api.Scalar("spec", "service", "namespace");
        var port = api.Scalar("spec", "service", "port") ?? "443";
        var service = RenderedDeploy.OfKind("Service").SingleOrDefault(s => s.Name == serviceName && s.Namespace == serviceNamespace);
        Assert.True(service is not null, $"{name} points at Service {serviceNamespace}/{serviceName}, which deploy/ does not render");
        var servicePort = Tree.Maps(Tree.At(service!.Root, "spec", "ports")).SingleOrDefault(p => Equals(p.GetValueOrDefault("port"), port));
        Assert.True(servicePort is not null, $"{name} uses port {port}, which Service {serviceName} does not expose");
        // The adapter serves HTTPS on the recommender's https port (6443).
        Assert.Equal("https", servicePort!.GetValueOrDefault("targetPort"));
    }

    [Theory]
    [MemberData(nameof(ApiServiceNames))]
    public void ApiService_VerifiesTheAdapterCertificate(string name)
    {
        var api = ApiService().Single(a => a.Name == name);
        Assert.Equal("false", api.Scalar("spec", "insecureSkipTLSVerify") ?? "false");
        Assert.NotNull(api.Scalar("spec", "groupPriorityMinimum"));
        Assert.NotNull(api.Scalar("spec", "versionPriority"));
    }

    [Fact]
    public void CustomMetrics_PreferV1beta2()
    {
        int Priority(string n) => int.Parse(ApiService().Single(a => a.Name == n).Scalar("spec", "versionPriority")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Priority("v1beta2.custom.metrics.k8s.io") > Priority("v1beta1.custom.metrics.k8s.io"),
            "the HPA uses the group's preferred version: v1beta2 must have the higher versionPriority");
    }

    private static IEnumerable<KubeObject> ApiService() => WithApis.Value.Where(o => o.Kind == "APIService");
}
