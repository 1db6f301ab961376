using k8s;
using k8s.Autorest;
using k8s.Models;
using KernelTruth.Kubernetes.Connection;
using KernelTruth.Kubernetes.Tests.Fakes;

namespace KernelTruth.Kubernetes.Tests.Api;

/// <summary>The status subresource split and both patch kinds, through KubernetesClient's custom-object and typed operations.</summary>
public sealed class StatusAndPatchTests
{
    private static readonly Kubernetes.Resources.CustomResource Widgets = Widget.Resource;

    private static async Task<Widget> CreateAsync(ServerAndClient kube, int replicas = 1) =>
        await kube.Client.CustomObjects.CreateNamespacedCustomObjectAsync<Widget>(
            new Widget { Metadata = new V1ObjectMeta { Name = "w" }, Spec = new WidgetSpec { Replicas = replicas }, Status = new WidgetStatus { Phase = "ignored" } },
            Widgets.Group, Widgets.Version, "default", Widgets.Plural);

    [Fact]
    public async Task Create_StatusSubresource_DropsStatus()
    {
        await using var kube = await ServerAndClient.StartAsync();

        var created = await CreateAsync(kube);

        Assert.Null(created.Status);
    }

    [Fact]
    public async Task ReplaceStatus_SpecChangeInBody_ChangesOnlyStatus()
    {
        await using var kube = await ServerAndClient.StartAsync();
        var created = await CreateAsync(kube, replicas: 1);

        created.Spec!.Replicas = 9;
        created.Status = new WidgetStatus { Phase = "Ready" };
        var updated = await kube.Client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<Widget>(created, Widgets.Group, Widgets.Version, "default", Widgets.Plural, "w");

        Assert.Equal("Ready", updated.Status!.Phase);
        Assert.Equal(1, updated.Spec!.Replicas);
        Assert.Equal(1, updated.Metadata.Generation); // status writes do not bump generation
    }

    [Fact]
    public async Task Replace_StatusChangeInBody_IgnoredAndSpecChangeBumpsGeneration()
    {
        await using var kube = await ServerAndClient.StartAsync();
        var created = await CreateAsync(kube, replicas: 1);
        created.Status = new WidgetStatus { Phase = "Ready" };
        created = await kube.Client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<Widget>(created, Widgets.Group, Widgets.Version, "default", Widgets.Plural, "w");

        created.Spec!.Replicas = 3;
        created.Status = new WidgetStatus { Phase = "Hacked" };
        var updated = await kube.Client.CustomObjects.ReplaceNamespacedCustomObjectAsync<Widget>(created, Widgets.Group, Widgets.Version, "default", Widgets.Plural, "w");

        Assert.Equal(3, updated.Spec!.Replicas);
        Assert.Equal("Ready", updated.Status!.Phase);
        Assert.Equal(2, updated.Metadata.Generation);
    }

    [Fact]
    public async Task PatchStatus_JsonPatchAddStatus_LikeTheVpaRecommender()
    {
        await using var kube = await ServerAndClient.StartAsync();
        await CreateAsync(kube, replicas: 4);

        var updated = await kube.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync<Widget>(
            Objects.Json("""[{"op":"add","path":"/status","value":{"phase":"Ready"}},{"op":"replace","path":"/spec/replicas","value":99}]"""),
            Widgets.Group, Widgets.Version, "default", Widgets.Plural, "w");

        Assert.Equal("Ready", updated.Status!.Phase);
        Assert.Equal(4, updated.Spec!.Replicas); // the spec part of a status patch is ignored
        Assert.Equal(1, updated.Metadata.Generation);
    }

    [Fact]
    public async Task Patch_MergePatch_MergesAndNullDeletes()
    {
        await using var kube = await ServerAndClient.StartAsync();
        var cm = Objects.ConfigMap("a");
        cm.Data["drop"] = "me";
        await kube.Client.CoreV1.CreateNamespacedConfigMapAsync(cm, "default");

        var patched = await kube.Client.CoreV1.PatchNamespacedConfigMapAsync(Objects.Merge("""{"data":{"new":"x","drop":null}}"""), "a", "default");

        Assert.Equal(new Dictionary<string, string> { ["k"] = "v", ["new"] = "x" }, patched.Data);
    }

    [Fact]
    public async Task Patch_MergePatchWithStaleResourceVersion_Conflicts()
    {
        await using var kube = await ServerAndClient.StartAsync();
        var created = await kube.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("a"), "default");
        await kube.Client.CoreV1.PatchNamespacedConfigMapAsync(Objects.Merge("""{"data":{"k":"1"}}"""), "a", "default");

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => kube.Client.CoreV1.PatchNamespacedConfigMapAsync(
            Objects.Merge($$$"""{"metadata":{"resourceVersion":"{{{created.Metadata.ResourceVersion}}}"},"data":{"k":"2"}}"""), "a", "default"));

        Assert.True(ApiErrors.IsConflict(e));
    }

    [Fact]
    public async Task Patch_JsonPatchFailedTest_Is422AndChangesNothing()
    {
        await using var kube = await ServerAndClient.StartAsync();
        await kube.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("a"), "default");

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => kube.Client.CoreV1.PatchNamespacedConfigMapAsync(
            Objects.Json("""[{"op":"replace","path":"/data/k","value":"changed"},{"op":"test","path":"/data/k","value":"v"}]"""), "a", "default"));

        Assert.Equal(422, (int)ApiErrors.StatusCode(e)!);
        Assert.Equal("v", (await kube.Client.CoreV1.ReadNamespacedConfigMapAsync("a", "default")).Data["k"]);
    }

    [Fact]
    public async Task Patch_JsonPatchOperations_FollowRfc6902()
    {
        await using var kube = await ServerAndClient.StartAsync();
        var cm = Objects.ConfigMap("a");
        cm.Metadata.Finalizers = ["x", "z"];
        await kube.Client.CoreV1.CreateNamespacedConfigMapAsync(cm, "default");

        var patched = await kube.Client.CoreV1.PatchNamespacedConfigMapAsync(Objects.Json("""
            [{"op":"add","path":"/metadata/finalizers/1","value":"y"},
             {"op":"add","path":"/metadata/finalizers/-","value":"end"},
             {"op":"copy","from":"/data/k","path":"/data/copied"},
             {"op":"move","from":"/data/k","path":"/data/moved"},
             {"op":"add","path":"/data/a~1b","value":"slash"},
             {"op":"remove","path":"/metadata/finalizers/0"}]
            """), "a", "default");

        Assert.Equal(["y", "z", "end"], patched.Metadata.Finalizers);
        Assert.Equal(new Dictionary<string, string> { ["copied"] = "v", ["moved"] = "v", ["a/b"] = "slash" }, patched.Data);
    }

    [Fact]
    public async Task Patch_StrategicMergeContentType_Is415()
    {
        await using var kube = await ServerAndClient.StartAsync();
        await kube.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("a"), "default");

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => kube.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("{}", V1Patch.PatchType.StrategicMergePatch), "a", "default"));

        Assert.Equal(415, (int)ApiErrors.StatusCode(e)!);
        Assert.Equal("UnsupportedMediaType", ApiErrors.Status(e)!.Reason);
    }
}
