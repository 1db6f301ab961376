using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KernelTruth.Kubernetes.Connection;
using KernelTruth.Kubernetes.Tests.Fakes;

namespace KernelTruth.Kubernetes.Tests.Api;

/// <summary>
/// Create, read, replace, list and delete through KubernetesClient's typed operations against the test server: the
/// optimistic-concurrency and error semantics the cluster code relies on (<see cref="ApiErrors"/> reads them).
/// </summary>
public sealed class CrudTests
{
    [Fact]
    public async Task CreateGetListReplaceDelete_TypedConfigMap_RoundTrips()
    {
        await using var kube = await ServerAndClient.StartAsync();
        var created = await kube.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("a", value: "1"), "default");

        Assert.NotNull(created.Metadata.Uid);
        Assert.NotNull(created.Metadata.CreationTimestamp);
        Assert.Equal("default", created.Metadata.NamespaceProperty);

        var read = await kube.Client.CoreV1.ReadNamespacedConfigMapAsync("a", "default");
        Assert.Equal("1", read.Data["k"]);
        Assert.Equal(created.Metadata.ResourceVersion, read.Metadata.ResourceVersion);

        read.Data["k"] = "2";
        var replaced = await kube.Client.CoreV1.ReplaceNamespacedConfigMapAsync(read, "a", "default");
        Assert.Equal("2", replaced.Data["k"]);
        Assert.True(long.Parse(replaced.Metadata.ResourceVersion) > long.Parse(read.Metadata.ResourceVersion));

        var list = await kube.Client.CoreV1.ListNamespacedConfigMapAsync("default");
        Assert.Equal("a", Assert.Single(list.Items).Metadata.Name);
        Assert.Equal(replaced.Metadata.ResourceVersion, list.Metadata.ResourceVersion);

        await kube.Client.CoreV1.DeleteNamespacedConfigMapAsync("a", "default");
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => kube.Client.CoreV1.ReadNamespacedConfigMapAsync("a", "default"));
        Assert.True(ApiErrors.IsNotFound(gone));
    }

    [Fact]
    public async Task Read_Missing_NotFoundWithStatus()
    {
        await using var kube = await ServerAndClient.StartAsync();

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => kube.Client.CoreV1.ReadNamespacedConfigMapAsync("nope", "default"));

        var status = ApiErrors.Status(e)!;
        Assert.Equal(HttpStatusCode.NotFound, ApiErrors.StatusCode(e));
        Assert.Equal(("NotFound", "nope"), (status.Reason, status.Details?.Name));
        Assert.Equal("404 NotFound: configmaps \"nope\" not found", ApiErrors.Describe(e));
    }

    [Fact]
    public async Task Create_Twice_AlreadyExistsNotConflict()
    {
        await using var kube = await ServerAndClient.StartAsync();
        await kube.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("a"), "default");

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => kube.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("a"), "default"));

        Assert.True(ApiErrors.IsAlreadyExists(e));
        Assert.False(ApiErrors.IsConflict(e));
    }

    [Fact]
    public async Task Replace_StaleResourceVersion_ConflictAndWinnerKept()
    {
        await using var kube = await ServerAndClient.StartAsync();
        await kube.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("a"), "default");
        var first = await kube.Client.CoreV1.ReadNamespacedConfigMapAsync("a", "default");
        var second = await kube.Client.CoreV1.ReadNamespacedConfigMapAsync("a", "default");

        first.Data["k"] = "first";
        await kube.Client.CoreV1.ReplaceNamespacedConfigMapAsync(first, "a", "default");
        second.Data["k"] = "second";
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => kube.Client.CoreV1.ReplaceNamespacedConfigMapAsync(second, "a", "default"));

        Assert.True(ApiErrors.IsConflict(e));
        Assert.False(ApiErrors.IsAlreadyExists(e));
        Assert.Equal("first", (await kube.Client.CoreV1.ReadNamespacedConfigMapAsync("a", "default")).Data["k"]);
    }

    [Fact]
    public async Task Delete_StalePrecondition_ConflictAndObjectKept()
    {
        await using var kube = await ServerAndClient.StartAsync();
        var created = await kube.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("a"), "default");
        created.Data["k"] = "changed";
        await kube.Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "a", "default");

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => kube.Client.CoreV1.DeleteNamespacedConfigMapAsync("a", "default",
            new V1DeleteOptions { Preconditions = new V1Preconditions { ResourceVersion = created.Metadata.ResourceVersion } }));

        Assert.True(ApiErrors.IsConflict(e));
        Assert.Equal("changed", (await kube.Client.CoreV1.ReadNamespacedConfigMapAsync("a", "default")).Data["k"]);
    }

    [Fact]
    public async Task List_Selectors_FilterOnServer()
    {
        await using var kube = await ServerAndClient.StartAsync();
        await kube.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("web", labels: new() { ["app"] = "web", ["tier"] = "front" }), "default");
        await kube.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("db", labels: new() { ["app"] = "db" }), "default");
        await kube.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("web", "other", labels: new() { ["app"] = "web" }), "other");

        async Task<string[]> Names(string? ns, string? labels = null, string? fields = null) =>
            [.. (ns is null
                    ? await kube.Client.CoreV1.ListConfigMapForAllNamespacesAsync(labelSelector: labels, fieldSelector: fields)
                    : await kube.Client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: labels, fieldSelector: fields))
                .Items.Select(c => $"{c.Metadata.NamespaceProperty}/{c.Metadata.Name}")];

        Assert.Equal(["default/web", "other/web"], await Names(null, "app=web"));
        Assert.Equal(["default/db"], await Names("default", "app!=web"));
        Assert.Equal(["default/db", "default/web"], await Names(null, "app in (web,db),!nothere", "metadata.namespace=default"));
        Assert.Equal(["default/web"], await Names(null, "tier"));
        Assert.Equal(["other/web"], await Names(null, fields: "metadata.name=web,metadata.namespace!=default"));
        var bad = await Assert.ThrowsAsync<HttpOperationException>(() => Names(null, fields: "data.k=v"));
        Assert.Equal(HttpStatusCode.BadRequest, ApiErrors.StatusCode(bad));
        Assert.Contains("data.k", ApiErrors.Status(bad)!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_LimitAndContinue_PagesThroughAllOnce()
    {
        await using var kube = await ServerAndClient.StartAsync();
        for (var i = 0; i < 7; i++)
        {
            await kube.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap($"cm-{i}"), "default");
        }

        var seen = new List<string>();
        string? next = null;
        var pages = 0;
        do
        {
            var page = await kube.Client.CoreV1.ListNamespacedConfigMapAsync("default", limit: 3, continueParameter: next);
            seen.AddRange(page.Items.Select(i => i.Metadata.Name));
            next = string.IsNullOrEmpty(page.Metadata.ContinueProperty) ? null : page.Metadata.ContinueProperty;
            pages++;
        }
        while (next is not null);

        Assert.Equal(3, pages); // 7 items, 3 a page ⇒ 3 + 3 + 1
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"cm-{i}"), seen);
    }

    [Fact]
    public async Task CustomObjects_NamespacedCreateAndClusterScopedObject_Work()
    {
        await using var kube = await ServerAndClient.StartAsync();
        var widgets = new GenericClient(kube.Client, Widget.Resource.Group, Widget.Resource.Version, Widget.Resource.Plural, disposeClient: false);

        var created = await widgets.CreateNamespacedAsync(new Widget { Metadata = new V1ObjectMeta { Name = "w" }, Spec = new WidgetSpec { Replicas = 2 } }, "team");
        await kube.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team" } });

        Assert.Equal(2, created.Spec!.Replicas);
        Assert.Equal(1, created.Metadata.Generation);
        Assert.Equal("team", (await kube.Client.CoreV1.ReadNamespaceAsync("team")).Metadata.Name);
        Assert.Equal("w", (await widgets.ReadNamespacedAsync<Widget>("team", "w")).Metadata.Name);
    }
}
