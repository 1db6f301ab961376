using System.Text.Json.Nodes;
using KernelTruth.Kube.Client;
using KernelTruth.Kube.Model;
using KernelTruth.Kube.Resources;
using KernelTruth.Kube.Tests.Fakes;

namespace KernelTruth.Kube.Tests.Client;

public sealed class CrudTests
{
    private static readonly KubeResource Widgets = KubeResources.WorkloadProfiles;

    [Fact]
    public async Task CreateGetListReplaceDelete_TypedConfigMap_RoundTrips()
    {
        await using var kube = await ServerAndClient.StartAsync();
        var created = await kube.Client.CreateAsync(KubeResources.ConfigMaps, "default",
            new ConfigMap { Metadata = new ObjectMeta { Name = "a" }, Data = new() { ["k"] = "1" } }, KubeJsonContext.Default.ConfigMap);

        Assert.NotNull(created.Metadata?.Uid);
        Assert.NotNull(created.Metadata?.CreationTimestamp);
        Assert.Equal("default", created.Metadata?.Namespace);

        var read = await kube.Client.GetAsync(KubeResources.ConfigMaps, "default", "a", KubeJsonContext.Default.ConfigMap);
        Assert.Equal("1", read.Data!["k"]);
        Assert.Equal(created.Metadata!.ResourceVersion, read.Metadata!.ResourceVersion);

        read.Data["k"] = "2";
        var replaced = await kube.Client.ReplaceAsync(KubeResources.ConfigMaps, "default", "a", read, KubeJsonContext.Default.ConfigMap);
        Assert.Equal("2", replaced.Data!["k"]);
        Assert.True(long.Parse(replaced.Metadata!.ResourceVersion!) > long.Parse(read.Metadata.ResourceVersion!));

        var list = await kube.Client.ListAsync(KubeResources.ConfigMaps, "default", KubeJsonContext.Default.ConfigMap);
        Assert.Equal("a", Assert.Single(list.Items).Metadata!.Name);
        Assert.Equal(replaced.Metadata.ResourceVersion, list.ResourceVersion);

        await kube.Client.DeleteAsync(KubeResources.ConfigMaps, "default", "a");
        Assert.Null(await kube.Client.TryGetAsync(KubeResources.ConfigMaps, "default", "a", KubeJsonContext.Default.ConfigMap));
    }

    [Fact]
    public async Task GetAsync_Missing_ThrowsNotFoundWithStatus()
    {
        await using var kube = await ServerAndClient.StartAsync();

        var e = await Assert.ThrowsAsync<KubeApiException>(() =>
            kube.Client.GetAsync(KubeResources.ConfigMaps, "default", "nope", KubeJsonContext.Default.ConfigMap));

        Assert.True(e.IsNotFound);
        Assert.Equal(404, e.Status.Code);
        Assert.Equal("NotFound", e.Status.Reason);
        Assert.Equal("nope", e.Status.Details?.Name);
        Assert.Contains("configmaps \"nope\" not found", e.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_Twice_ThrowsAlreadyExists()
    {
        await using var kube = await ServerAndClient.StartAsync();
        await kube.Client.CreateAsync(KubeResources.ConfigMaps, "default", Objects.ConfigMap("a"), KubeJsonContext.Default.JsonObject);

        var e = await Assert.ThrowsAsync<KubeApiException>(() =>
            kube.Client.CreateAsync(KubeResources.ConfigMaps, "default", Objects.ConfigMap("a"), KubeJsonContext.Default.JsonObject));

        Assert.True(e.IsAlreadyExists);
        Assert.False(e.IsConflict);
        Assert.Equal(409, e.Status.Code);
    }

    [Fact]
    public async Task ReplaceAsync_StaleResourceVersion_ThrowsConflictAndKeepsWinner()
    {
        await using var kube = await ServerAndClient.StartAsync();
        await kube.Client.CreateAsync(KubeResources.ConfigMaps, "default", Objects.ConfigMap("a"), KubeJsonContext.Default.JsonObject);
        var first = await kube.Client.GetAsync(KubeResources.ConfigMaps, "default", "a", KubeJsonContext.Default.ConfigMap);
        var second = await kube.Client.GetAsync(KubeResources.ConfigMaps, "default", "a", KubeJsonContext.Default.ConfigMap);

        first.Data!["k"] = "first";
        await kube.Client.ReplaceAsync(KubeResources.ConfigMaps, "default", "a", first, KubeJsonContext.Default.ConfigMap);
        second.Data!["k"] = "second";
        var e = await Assert.ThrowsAsync<KubeApiException>(() =>
            kube.Client.ReplaceAsync(KubeResources.ConfigMaps, "default", "a", second, KubeJsonContext.Default.ConfigMap));

        Assert.True(e.IsConflict);
        Assert.Equal("first", (await kube.Client.GetAsync(KubeResources.ConfigMaps, "default", "a", KubeJsonContext.Default.ConfigMap)).Data!["k"]);
    }

    [Fact]
    public async Task DeleteAsync_StalePrecondition_ThrowsConflictAndKeepsObject()
    {
        await using var kube = await ServerAndClient.StartAsync();
        var created = await kube.Client.CreateAsync(KubeResources.ConfigMaps, "default",
            new ConfigMap { Metadata = new ObjectMeta { Name = "a" }, Data = new() { ["k"] = "v" } }, KubeJsonContext.Default.ConfigMap);
        created.Data!["k"] = "changed";
        await kube.Client.ReplaceAsync(KubeResources.ConfigMaps, "default", "a", created, KubeJsonContext.Default.ConfigMap);

        var e = await Assert.ThrowsAsync<KubeApiException>(() =>
            kube.Client.DeleteAsync(KubeResources.ConfigMaps, "default", "a", created.Metadata!.ResourceVersion));

        Assert.True(e.IsConflict);
        Assert.NotNull(await kube.Client.TryGetAsync(KubeResources.ConfigMaps, "default", "a", KubeJsonContext.Default.ConfigMap));
    }

    [Fact]
    public async Task ListAsync_Selectors_FilterOnServer()
    {
        await using var kube = await ServerAndClient.StartAsync();
        await kube.Client.CreateAsync(KubeResources.ConfigMaps, "default", Objects.ConfigMap("web", labels: new() { ["app"] = "web", ["tier"] = "front" }), KubeJsonContext.Default.JsonObject);
        await kube.Client.CreateAsync(KubeResources.ConfigMaps, "default", Objects.ConfigMap("db", labels: new() { ["app"] = "db" }), KubeJsonContext.Default.JsonObject);
        await kube.Client.CreateAsync(KubeResources.ConfigMaps, "other", Objects.ConfigMap("web", "other", labels: new() { ["app"] = "web" }), KubeJsonContext.Default.JsonObject);

        async Task<string[]> Names(string? ns, ListOptions options) =>
            (await kube.Client.ListAsync(KubeResources.ConfigMaps, ns, KubeJsonContext.Default.ConfigMap, options))
                .Items.Select(c => $"{c.Metadata!.Namespace}/{c.Metadata.Name}").ToArray();

        Assert.Equal(["default/web", "other/web"], await Names(null, new ListOptions { LabelSelector = "app=web" }));
        Assert.Equal(["default/db"], await Names("default", new ListOptions { LabelSelector = "app!=web" }));
        Assert.Equal(["default/db", "default/web"], await Names(null, new ListOptions { LabelSelector = "app in (web,db),!nothere", FieldSelector = "metadata.namespace=default" }));
        Assert.Equal(["default/web"], await Names(null, new ListOptions { LabelSelector = "tier" }));
        Assert.Equal(["other/web"], await Names(null, new ListOptions { FieldSelector = "metadata.name=web,metadata.namespace!=default" }));
        var bad = await Assert.ThrowsAsync<KubeApiException>(() => Names(null, new ListOptions { FieldSelector = "data.k=v" }));
        Assert.Equal(400, bad.Status.Code);
        Assert.Contains("data.k", bad.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_LimitAndContinue_PagesThroughAllOnce()
    {
        await using var kube = await ServerAndClient.StartAsync();
        for (var i = 0; i < 7; i++)
        {
            await kube.Client.CreateAsync(KubeResources.ConfigMaps, "default", Objects.ConfigMap($"cm-{i}"), KubeJsonContext.Default.JsonObject);
        }

        var seen = new List<string>();
        string? next = null;
        var pages = 0;
        do
        {
            var page = await kube.Client.ListAsync(KubeResources.ConfigMaps, "default", KubeJsonContext.Default.ConfigMap, new ListOptions { Limit = 3, Continue = next });
            seen.AddRange(page.Items.Select(i => i.Metadata!.Name!));
            next = page.Continue;
            pages++;
        }
        while (next is not null);

        Assert.Equal(3, pages); // 7 items, 3 a page ⇒ 3 + 3 + 1
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"cm-{i}"), seen);
    }

    [Fact]
    public async Task Operations_ClusterScopedAndCustomTypes_Work()
    {
        await using var kube = await ServerAndClient.StartAsync();
        var widget = new Widget { Metadata = new ObjectMeta { Name = "w" }, Spec = new WidgetSpec { Replicas = 2 } };

        var created = await kube.Client.CreateAsync(Widgets, "team", widget, TestJsonContext.Default.Widget);
        await kube.Client.CreateAsync(KubeResources.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "team" } }, KubeJsonContext.Default.JsonObject);

        Assert.Equal(2, created.Spec!.Replicas);
        Assert.Equal(1, created.Metadata!.Generation);
        Assert.Equal("team", (await kube.Client.GetAsync(KubeResources.Namespaces, null, "team", KubeJsonContext.Default.JsonObject))["metadata"]!["name"]!.GetValue<string>());
        Assert.Throws<ArgumentException>(() => KubeResources.Namespaces.PathFor("default", "x"));
    }
}
