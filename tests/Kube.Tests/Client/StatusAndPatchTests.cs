using System.Text.Json.Nodes;
using KernelTruth.Kube.Client;
using KernelTruth.Kube.Model;
using KernelTruth.Kube.Resources;
using KernelTruth.Kube.Tests.Fakes;

namespace KernelTruth.Kube.Tests.Client;

/// <summary>The status subresource split and both patch kinds, through the client.</summary>
public sealed class StatusAndPatchTests
{
    private static readonly KubeResource Profiles = KubeResources.WorkloadProfiles;

    private static async Task<Widget> CreateAsync(ServerAndClient kube, int replicas = 1) =>
        await kube.Client.CreateAsync(Profiles, "default",
            new Widget { Metadata = new ObjectMeta { Name = "w" }, Spec = new WidgetSpec { Replicas = replicas }, Status = new WidgetStatus { Phase = "ignored" } },
            TestJsonContext.Default.Widget);

    [Fact]
    public async Task CreateAsync_StatusSubresource_DropsStatus()
    {
        await using var kube = await ServerAndClient.StartAsync();

        var created = await CreateAsync(kube);

        Assert.Null(created.Status);
    }

    [Fact]
    public async Task ReplaceStatusAsync_SpecChangeInBody_ChangesOnlyStatus()
    {
        await using var kube = await ServerAndClient.StartAsync();
        var created = await CreateAsync(kube, replicas: 1);

        created.Spec!.Replicas = 9;
        created.Status = new WidgetStatus { Phase = "Ready" };
        var updated = await kube.Client.ReplaceStatusAsync(Profiles, "default", "w", created, TestJsonContext.Default.Widget);

        Assert.Equal("Ready", updated.Status!.Phase);
        Assert.Equal(1, updated.Spec!.Replicas);
        Assert.Equal(1, updated.Metadata!.Generation); // status writes do not bump generation
    }

    [Fact]
    public async Task ReplaceAsync_StatusChangeInBody_IgnoredAndSpecChangeBumpsGeneration()
    {
        await using var kube = await ServerAndClient.StartAsync();
        var created = await CreateAsync(kube, replicas: 1);
        created.Status = new WidgetStatus { Phase = "Ready" };
        created = await kube.Client.ReplaceStatusAsync(Profiles, "default", "w", created, TestJsonContext.Default.Widget);

        created.Spec!.Replicas = 3;
        created.Status = new WidgetStatus { Phase = "Hacked" };
        var updated = await kube.Client.ReplaceAsync(Profiles, "default", "w", created, TestJsonContext.Default.Widget);

        Assert.Equal(3, updated.Spec!.Replicas);
        Assert.Equal("Ready", updated.Status!.Phase);
        Assert.Equal(2, updated.Metadata!.Generation);
    }

    [Fact]
    public async Task ReplaceAsync_MetadataOnlyChange_KeepsGeneration()
    {
        await using var kube = await ServerAndClient.StartAsync();
        var created = await CreateAsync(kube);

        created.Metadata!.Labels = new() { ["a"] = "b" };
        var updated = await kube.Client.ReplaceAsync(Profiles, "default", "w", created, TestJsonContext.Default.Widget);

        Assert.Equal("b", updated.Metadata!.Labels!["a"]);
        Assert.Equal(1, updated.Metadata.Generation);
    }

    [Fact]
    public async Task PatchStatusAsync_JsonPatchAddStatus_LikeTheVpaRecommender()
    {
        await using var kube = await ServerAndClient.StartAsync();
        await CreateAsync(kube, replicas: 4);

        var patch = KubePatch.Json(new JsonArray(new JsonObject
        {
            ["op"] = "add",
            ["path"] = "/status",
            ["value"] = new JsonObject { ["phase"] = "Ready" },
        }, new JsonObject { ["op"] = "replace", ["path"] = "/spec/replicas", ["value"] = 99 }));
        var updated = await kube.Client.PatchStatusAsync(Profiles, "default", "w", patch, TestJsonContext.Default.Widget);

        Assert.Equal("Ready", updated.Status!.Phase);
        Assert.Equal(4, updated.Spec!.Replicas); // the spec part of a status patch is ignored
    }

    [Fact]
    public async Task PatchAsync_MergePatch_MergesAndNullDeletes()
    {
        await using var kube = await ServerAndClient.StartAsync();
        var cm = Objects.ConfigMap("a");
        cm["data"]!["drop"] = "me";
        await kube.Client.CreateAsync(KubeResources.ConfigMaps, "default", cm, KubeJsonContext.Default.JsonObject);

        var patched = await kube.Client.PatchAsync(KubeResources.ConfigMaps, "default", "a",
            KubePatch.Merge(new JsonObject { ["data"] = new JsonObject { ["new"] = "x", ["drop"] = null } }), KubeJsonContext.Default.ConfigMap);

        Assert.Equal(new Dictionary<string, string> { ["k"] = "v", ["new"] = "x" }, patched.Data);
    }

    [Fact]
    public async Task PatchAsync_MergePatchWithStaleResourceVersion_Conflicts()
    {
        await using var kube = await ServerAndClient.StartAsync();
        var created = await kube.Client.CreateAsync(KubeResources.ConfigMaps, "default",
            new ConfigMap { Metadata = new ObjectMeta { Name = "a" } }, KubeJsonContext.Default.ConfigMap);
        await kube.Client.PatchAsync(KubeResources.ConfigMaps, "default", "a", KubePatch.Merge(new JsonObject { ["data"] = new JsonObject { ["k"] = "1" } }), KubeJsonContext.Default.ConfigMap);

        var e = await Assert.ThrowsAsync<KubeApiException>(() => kube.Client.PatchAsync(KubeResources.ConfigMaps, "default", "a",
            KubePatch.Merge(new JsonObject
            {
                ["metadata"] = new JsonObject { ["resourceVersion"] = created.Metadata!.ResourceVersion },
                ["data"] = new JsonObject { ["k"] = "2" },
            }), KubeJsonContext.Default.ConfigMap));

        Assert.True(e.IsConflict);
    }

    [Fact]
    public async Task PatchAsync_JsonPatchFailedTest_Is422AndChangesNothing()
    {
        await using var kube = await ServerAndClient.StartAsync();
        await kube.Client.CreateAsync(KubeResources.ConfigMaps, "default", Objects.ConfigMap("a"), KubeJsonContext.Default.JsonObject);

        var e = await Assert.ThrowsAsync<KubeApiException>(() => kube.Client.PatchAsync(KubeResources.ConfigMaps, "default", "a",
            KubePatch.Json(new JsonArray(
                new JsonObject { ["op"] = "replace", ["path"] = "/data/k", ["value"] = "changed" },
                new JsonObject { ["op"] = "test", ["path"] = "/data/k", ["value"] = "v" })),
            KubeJsonContext.Default.ConfigMap));

        Assert.True(e.IsInvalid);
        Assert.Equal("v", (await kube.Client.GetAsync(KubeResources.ConfigMaps, "default", "a", KubeJsonContext.Default.ConfigMap)).Data!["k"]);
    }

    [Fact]
    public async Task PatchAsync_JsonPatchOperations_FollowRfc6902()
    {
        await using var kube = await ServerAndClient.StartAsync();
        var cm = Objects.ConfigMap("a");
        cm["metadata"]!["finalizers"] = new JsonArray("x", "z");
        await kube.Client.CreateAsync(KubeResources.ConfigMaps, "default", cm, KubeJsonContext.Default.JsonObject);

        var patched = await kube.Client.PatchAsync(KubeResources.ConfigMaps, "default", "a", KubePatch.Json(new JsonArray(
            new JsonObject { ["op"] = "add", ["path"] = "/metadata/finalizers/1", ["value"] = "y" },
            new JsonObject { ["op"] = "add", ["path"] = "/metadata/finalizers/-", ["value"] = "end" },
            new JsonObject { ["op"] = "copy", ["from"] = "/data/k", ["path"] = "/data/copied" },
            new JsonObject { ["op"] = "move", ["from"] = "/data/k", ["path"] = "/data/moved" },
            new JsonObject { ["op"] = "add", ["path"] = "/data/a~1b", ["value"] = "slash" },
            new JsonObject { ["op"] = "remove", ["path"] = "/metadata/finalizers/0" })), KubeJsonContext.Default.ConfigMap);

        Assert.Equal(["y", "z", "end"], patched.Metadata!.Finalizers!);
        Assert.Equal(new Dictionary<string, string> { ["copied"] = "v", ["moved"] = "v", ["a/b"] = "slash" }, patched.Data);
    }

    [Fact]
    public async Task Patch_StrategicMergeContentType_Is415()
    {
        await using var kube = await ServerAndClient.StartAsync();
        await kube.Client.CreateAsync(KubeResources.ConfigMaps, "default", Objects.ConfigMap("a"), KubeJsonContext.Default.JsonObject);
        using var http = new HttpClient(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, _, _, _) => true,
        });
        using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri(kube.Server.BaseAddress, "/api/v1/namespaces/default/configmaps/a"))
        {
            Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/strategic-merge-patch+json"),
        };
        request.Headers.Authorization = new("Bearer", kube.Token);

        using var response = await http.SendAsync(request);

        Assert.Equal(415, (int)response.StatusCode);
        Assert.Contains("UnsupportedMediaType", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
