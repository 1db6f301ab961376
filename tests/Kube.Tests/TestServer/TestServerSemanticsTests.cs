using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using KernelTruth.Kube.Client;
using KernelTruth.Kube.Model;
using KernelTruth.Kube.Resources;
using KernelTruth.Kube.TestServer;
using KernelTruth.Kube.Tests.Fakes;

namespace KernelTruth.Kube.Tests.TestServer;

/// <summary>Server behaviour other tests rely on but do not reach through the typed client.</summary>
public sealed class TestServerSemanticsTests
{
    private static async Task<(int Code, JsonObject? Body)> RawAsync(ServerAndClient kube, HttpMethod method, string path, string? body = null, string contentType = "application/json", string? token = null)
    {
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true });
        using var request = new HttpRequestMessage(method, new Uri(kube.Server.BaseAddress, path));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? kube.Token);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null);
    }

    [Theory]
    [InlineData("POST", "/api/v1/namespaces/default/configmaps", "{not json", 400)]
    [InlineData("POST", "/api/v1/namespaces/default/configmaps", "[1,2]", 400)]
    [InlineData("POST", "/api/v1/namespaces/default/configmaps", """{"kind":3,"metadata":{"name":"a"}}""", 400)]
    [InlineData("POST", "/api/v1/namespaces/default/configmaps", """{"kind":"Pod","metadata":{"name":"a"}}""", 400)]
    [InlineData("POST", "/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"a","namespace":"other"}}""", 400)]
    [InlineData("POST", "/api/v1/namespaces/default/configmaps", """{"metadata":{}}""", 422)]
    [InlineData("POST", "/api/v1/configmaps", """{"metadata":{"name":"a"}}""", 400)]
    [InlineData("GET", "/api/v1/namespaces/default/configmaps?labelSelector=a+in+x", null, 400)]
    [InlineData("GET", "/api/v1/namespaces/default/configmaps?limit=-1", null, 400)]
    [InlineData("GET", "/api/v1/namespaces/default/configmaps?continue=%%%", null, 400)]
    [InlineData("GET", "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=abc", null, 400)]
    [InlineData("GET", "/apis/nothere.io/v1/widgets", null, 404)]
    [InlineData("GET", "/api/v1/namespaces/default/configmaps/a/status", null, 404)]
    [InlineData("GET", "/apis/authentication.k8s.io/v1/tokenreviews", null, 405)]
    [InlineData("DELETE", "/api/v1/namespaces/default/configmaps", null, 405)]
    [InlineData("PUT", "/api/v1/namespaces/default/configmaps/missing", """{"metadata":{"name":"missing"}}""", 404)]
    public async Task Request_BadInput_AnswersStatusWithReason(string method, string path, string? body, int code)
    {
        await using var kube = await ServerAndClient.StartAsync(new KubeTestServerOptions { BookmarkInterval = null });

        var (actual, status) = await RawAsync(kube, new HttpMethod(method), path, body);

        Assert.Equal(code, actual);
        Assert.Equal("Status", status!["kind"]!.GetValue<string>());
        Assert.Equal(code, status["code"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(status["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Request_NoOrUnknownToken_401AndRecordedAnonymous()
    {
        await using var kube = await ServerAndClient.StartAsync(new KubeTestServerOptions { BookmarkInterval = null });

        var (code, status) = await RawAsync(kube, HttpMethod.Get, "/api/v1/pods", token: "wrong");

        Assert.Equal(401, code);
        Assert.Equal("Unauthorized", status!["reason"]!.GetValue<string>());
        Assert.Equal(("", "list", "pods", 401), Assert.Single(kube.Server.Requests) is var r ? (r.User, r.Verb, r.Resource, r.StatusCode) : default);
    }

    [Fact]
    public async Task Requests_RecordRbacVerbsPerResourceAndSubresource()
    {
        await using var kube = await ServerAndClient.StartAsync(new KubeTestServerOptions { BookmarkInterval = null });
        var vpas = KubeResources.VerticalPodAutoscalers;
        var vpa = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "v" }, ["spec"] = new JsonObject() };
        await kube.Client.CreateAsync(vpas, "ns", vpa, KubeJsonContext.Default.JsonObject);
        await kube.Client.ListAsync(vpas, null, KubeJsonContext.Default.JsonObject);
        await kube.Client.PatchStatusAsync(vpas, "ns", "v", KubePatch.Merge(new JsonObject { ["status"] = new JsonObject() }), KubeJsonContext.Default.JsonObject);
        await kube.Client.GetAsync(vpas, "ns", "v", KubeJsonContext.Default.JsonObject);
        await kube.Client.DeleteAsync(vpas, "ns", "v");

        var used = kube.Server.Requests.Select(r => $"{r.Verb} {r.Resource}{(r.Subresource is null ? "" : "/" + r.Subresource)} {r.Namespace}");

        Assert.Equal(["create verticalpodautoscalers ns", "list verticalpodautoscalers ", "patch verticalpodautoscalers/status ns",
            "get verticalpodautoscalers ns", "delete verticalpodautoscalers ns"], used);
        Assert.All(kube.Server.Requests, r => Assert.Equal(("autoscaling.k8s.io", "tester"), (r.Group, r.User)));
    }

    [Fact]
    public async Task PermissionsUsed_InformerAndStatusWriter_DistinctSortedRules()
    {
        await using var kube = await ServerAndClient.StartAsync(new KubeTestServerOptions { BookmarkInterval = null });
        var vpas = KubeResources.VerticalPodAutoscalers;
        await kube.Client.CreateAsync(vpas, "ns", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "v" } }, KubeJsonContext.Default.JsonObject);
        await kube.Client.ListAsync(vpas, null, KubeJsonContext.Default.JsonObject);
        await kube.Client.ListAsync(vpas, "ns", KubeJsonContext.Default.JsonObject);
        await kube.Client.PatchStatusAsync(vpas, "ns", "v", KubePatch.Merge(new JsonObject { ["status"] = new JsonObject() }), KubeJsonContext.Default.JsonObject);
        await kube.Client.TryGetAsync(KubeResources.Leases, "ns", "l", KubeJsonContext.Default.Lease);
        using var stranger = new KubeClient(kube.Server.ClientConfig("not-a-token"), ServerAndClient.FastRetries);
        await Assert.ThrowsAsync<KubeApiException>(() => stranger.ListAsync(KubeResources.Pods, null, KubeJsonContext.Default.Pod));

        Assert.Equal(
            [("autoscaling.k8s.io", "verticalpodautoscalers", "create"), ("autoscaling.k8s.io", "verticalpodautoscalers", "list"),
             ("autoscaling.k8s.io", "verticalpodautoscalers/status", "patch"), ("coordination.k8s.io", "leases", "get")],
            kube.Server.PermissionsUsed());
        Assert.Empty(kube.Server.PermissionsUsed("someone-else"));
    }

    [Fact]
    public async Task Authorize_Denies_403Forbidden()
    {
        await using var kube = await ServerAndClient.StartAsync(new KubeTestServerOptions { BookmarkInterval = null });
        kube.Server.Authorize = r => r.Verb != "delete";

        var e = await Assert.ThrowsAsync<KubeApiException>(() => kube.Client.DeleteAsync(KubeResources.Pods, "default", "p"));

        Assert.True(e.IsForbidden);
        Assert.Contains("cannot delete", e.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenReview_Default_AuthenticatesTheServersOwnTokens()
    {
        await using var kube = await ServerAndClient.StartAsync(new KubeTestServerOptions { BookmarkInterval = null });
        var known = kube.Server.IssueToken("system:serviceaccount:kube-system:horizontal-pod-autoscaler", "system:serviceaccounts");

        var yes = await kube.Client.CreateAsync(KubeResources.TokenReviews, null, new TokenReview { Spec = new TokenReviewSpec { Token = known } }, KubeJsonContext.Default.TokenReview);
        var no = await kube.Client.CreateAsync(KubeResources.TokenReviews, null, new TokenReview { Spec = new TokenReviewSpec { Token = "forged" } }, KubeJsonContext.Default.TokenReview);

        Assert.True(yes.Status!.Authenticated);
        Assert.Equal("system:serviceaccount:kube-system:horizontal-pod-autoscaler", yes.Status.User!.Username);
        Assert.Equal(["system:serviceaccounts"], yes.Status.User.Groups!);
        Assert.False(no.Status!.Authenticated);
        Assert.Null(kube.Server.GetObject(KubeResources.TokenReviews, null, "anything"));
    }

    [Fact]
    public async Task SubjectAccessReview_TestHandler_DecidesAndSeesTheCaller()
    {
        await using var kube = await ServerAndClient.StartAsync(new KubeTestServerOptions { BookmarkInterval = null });
        string? caller = null;
        kube.Server.OnSubjectAccessReview((spec, who) =>
        {
            caller = who.Name;
            return new SubjectAccessReviewStatus { Allowed = spec.User == "hpa" && spec.ResourceAttributes?.Group == "custom.metrics.k8s.io" };
        });

        async Task<bool> Allowed(string user) => (await kube.Client.CreateAsync(KubeResources.SubjectAccessReviews, null, new SubjectAccessReview
        {
            Spec = new SubjectAccessReviewSpec { User = user, ResourceAttributes = new ResourceAttributes { Group = "custom.metrics.k8s.io", Resource = "pods", Verb = "get" } },
        }, KubeJsonContext.Default.SubjectAccessReview)).Status!.Allowed;

        Assert.True(await Allowed("hpa"));
        Assert.False(await Allowed("mallory"));
        Assert.Equal("tester", caller);
    }

    [Fact]
    public async Task Create_GenerateName_AppendsFiveCharacters()
    {
        await using var kube = await ServerAndClient.StartAsync(new KubeTestServerOptions { BookmarkInterval = null });

        var created = await kube.Client.CreateAsync(KubeResources.ConfigMaps, "default",
            new ConfigMap { Metadata = new ObjectMeta { GenerateName = "cm-" } }, KubeJsonContext.Default.ConfigMap);

        Assert.Matches("^cm-[a-z0-9]{5}$", created.Metadata!.Name);
    }

    [Fact]
    public async Task Seed_PodWithStatus_KeepsStatusAndDecodesAsPodSubset()
    {
        await using var kube = await ServerAndClient.StartAsync(new KubeTestServerOptions { BookmarkInterval = null });
        kube.Server.Seed(KubeResources.Pods, JsonNode.Parse("""
            {"metadata":{"name":"web-1","namespace":"shop","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-7d4","uid":"u1","controller":true}]},
             "spec":{"nodeName":"n1","containers":[{"name":"app","image":"x","resources":{"requests":{"cpu":"500m"},"limits":{"cpu":"1"}}}]},
             "status":{"phase":"Running","podIP":"10.0.0.7","qosClass":"Burstable","containerStatuses":[{"name":"app","containerID":"containerd://abc"}]}}
            """)!.AsObject());

        var pods = await kube.Client.ListAsync(KubeResources.Pods, null, KubeJsonContext.Default.Pod, new ListOptions { FieldSelector = "spec.nodeName=n1,status.phase=Running" });

        var pod = Assert.Single(pods.Items);
        Assert.Equal(("10.0.0.7", "Burstable", "containerd://abc"), (pod.Status!.PodIp, pod.Status.QosClass, pod.Status.ContainerStatuses![0].ContainerId));
        Assert.Equal(("500m", "1"), (pod.Spec!.Containers![0].Resources!.Requests!["cpu"], pod.Spec.Containers[0].Resources!.Limits!["cpu"]));
        Assert.Equal("ReplicaSet", pod.Metadata!.OwnerReferences![0].Kind);
    }

    [Fact]
    public async Task Watch_ObjectLeavesSelector_SeenAsDeleted()
    {
        await using var kube = await ServerAndClient.StartAsync(new KubeTestServerOptions { BookmarkInterval = null });
        await kube.Client.CreateAsync(KubeResources.ConfigMaps, "default", Objects.ConfigMap("a", labels: new() { ["app"] = "web" }), KubeJsonContext.Default.JsonObject);
        var version = kube.Server.CurrentResourceVersion.ToString();
        await kube.Client.PatchAsync(KubeResources.ConfigMaps, "default", "a",
            KubePatch.Merge(new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "db" } } }), KubeJsonContext.Default.JsonObject);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var events = kube.Client.WatchAsync(KubeResources.ConfigMaps, "default", KubeJsonContext.Default.ConfigMap,
            new WatchOptions { ResourceVersion = version, LabelSelector = "app=web" }, cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await events.MoveNextAsync());
        Assert.Equal((WatchEventType.Deleted, "a"), (events.Current.Type, events.Current.Name));
    }

    [Fact]
    public async Task Update_NoChange_KeepsResourceVersion()
    {
        await using var kube = await ServerAndClient.StartAsync(new KubeTestServerOptions { BookmarkInterval = null });
        var created = await kube.Client.CreateAsync(KubeResources.ConfigMaps, "default", new ConfigMap { Metadata = new ObjectMeta { Name = "a" } }, KubeJsonContext.Default.ConfigMap);

        var same = await kube.Client.ReplaceAsync(KubeResources.ConfigMaps, "default", "a", created, KubeJsonContext.Default.ConfigMap);

        Assert.Equal(created.Metadata!.ResourceVersion, same.Metadata!.ResourceVersion);
    }
}
