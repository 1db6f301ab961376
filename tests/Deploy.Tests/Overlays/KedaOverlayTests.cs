using KernelTruth.Deploy.Tests.Rendering;

namespace KernelTruth.Deploy.Tests.Overlays;

/// <summary>
/// deploy/overlays/keda: the install (no APIService: KEDA's metrics server owns external.metrics.k8s.io) plus the
/// external scaler's port and Service, which the example ScaledObject dials.
/// </summary>
public sealed class KedaOverlayTests
{
    private static readonly Lazy<IReadOnlyList<KubeObject>> Rendered = new(() => Kustomize.Render(RepositoryRoot.Combine("deploy", "overlays", "keda")));

    [Fact]
    public void Overlay_TheBasePlusTheScalerService_NoApiService()
    {
        var ids = Rendered.Value.Select(o => o.Id).ToList();

        Assert.Empty(RenderedDeploy.Objects.Select(o => o.Id).Except(ids));
        Assert.DoesNotContain(Rendered.Value, o => o.Kind == "APIService");
        Assert.Equal(["Service kernel-truth/ktruth-keda"], ids.Except(RenderedDeploy.Objects.Select(o => o.Id)));
    }

    [Fact]
    public void Recommender_ListensForKedaOnTheNamedPortTheServiceTargets()
    {
        var recommender = Rendered.Value.Single(o => o.Id == "Deployment kernel-truth/ktruth-recommender");
        var container = recommender.Containers.Single(c => (string?)c["name"] == "recommender");
        var args = Tree.Strings(container.GetValueOrDefault("args")).ToList();
        int flag = args.IndexOf("--keda-listen");
        Assert.True(flag >= 0 && flag + 1 < args.Count, "the recommender is not started with --keda-listen ADDRESS");
        int listenPort = int.Parse(args[flag + 1].Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture);
        var port = Tree.Maps(container.GetValueOrDefault("ports")).Single(p => (string?)p["name"] == "keda");
        Assert.Equal(listenPort.ToString(System.Globalization.CultureInfo.InvariantCulture), port["containerPort"]);

        var service = Rendered.Value.Single(o => o.Id == "Service kernel-truth/ktruth-keda");
        Assert.True(Tree.Selects(Tree.StringMap(service.Map("spec", "selector")), recommender.TemplateLabels), "ktruth-keda selects no recommender pod");
        Assert.Equal("keda", Tree.Maps(service.Map("spec")!.GetValueOrDefault("ports")).Single()["targetPort"]);
    }

    [Fact]
    public void Example_ScalerAddress_IsTheKedaServiceAndPort()
    {
        var service = Rendered.Value.Single(o => o.Id == "Service kernel-truth/ktruth-keda");
        string port = (string)Tree.Maps(service.Map("spec")!.GetValueOrDefault("ports")).Single()["port"]!;
        string expected = $"{service.Name}.{service.Namespace}.svc:{port}";
        string path = RepositoryRoot.Combine("deploy", "examples", "keda-scaledobject.yaml");
        var scaledObject = new KubeObject(YamlTree.ParseDocuments(File.ReadAllText(path), path).Single());

        Assert.Equal("keda.sh/v1alpha1", scaledObject.ApiVersion);
        var triggers = Tree.Maps(scaledObject.Map("spec")!.GetValueOrDefault("triggers")).ToList();
        Assert.NotEmpty(triggers);
        Assert.All(triggers, t => Assert.Equal("external", t["type"]));
        Assert.All(triggers, t => Assert.Equal(expected, Tree.At(t, "metadata", "scalerAddress")));
    }
}
