using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KernelTruth.Kube.TestServer;
using KernelTruth.Kubernetes.Connection;
using KernelTruth.Kubernetes.Tests.Fakes;

namespace KernelTruth.Kubernetes.Tests.TestServer;

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
        var objects = kube.Client.CustomObjects;
        await objects.CreateNamespacedCustomObjectAsync(new JsonObject { ["metadata"] = new JsonObject { ["name"] = "v" }, ["spec"] = new JsonObject() }, vpas.Group, vpas.Version, "ns", vpas.Plural);
        await objects.ListClusterCustomObjectAsync(vpas.Group, vpas.Version, vpas.Plural);
        await objects.PatchNamespacedCustomObjectStatusAsync(Objects.Merge("""{"status":{}}"""), vpas.Group, vpas.Version, "ns", vpas.Plural, "v");
        await objects.GetNamespacedCustomObjectAsync(vpas.Group, vpas.Version, "ns", vpas.Plural, "v");
        await objects.DeleteNamespacedCustomObjectAsync(vpas.Group, vpas.Version, "ns", vpas.Plural, "v");

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
        var objects = kube.Client.CustomObjects;
        await objects.CreateNamespacedCustomObjectAsync(new JsonObject { ["metadata"] = new JsonObject { ["name"] = "v" } }, vpas.Group, vpas.Version, "ns", vpas.Plural);
        await objects.ListClusterCustomObjectAsync(vpas.Group, vpas.Version, vpas.Plural);
        await objects.ListNamespacedCustomObjectAsync(vpas.Group, vpas.Version, "ns", vpas.Plural);
        await objects.PatchNamespacedCustomObjectStatusAsync(Objects.Merge("""{"status":{}}"""), vpas.Group, vpas.Version, "ns", vpas.Plural, "v");
        await Assert.ThrowsAsync<HttpOperationException>(() => kube.Client.CoordinationV1.ReadNamespacedLeaseAsync("l", "ns"));
        using var stranger = kube.Server.Client("not-a-token");
        await Assert.ThrowsAsync<HttpOperationException>(() => stranger.CoreV1.ListPodForAllNamespacesAsync());

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

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => kube.Client.CoreV1.DeleteNamespacedPodAsync("p", "default"));

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, ApiErrors.StatusCode(e));
        Assert.Contains("cannot delete", ApiErrors.Status(e)!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenReview_Default_AuthenticatesTheServersOwnTokens()
    {
        await using var kube = await ServerAndClient.StartAsync(new KubeTestServerOptions { BookmarkInterval = null });
        var known = kube.Server.IssueToken("system:serviceaccount:kube-system:horizontal-pod-autoscaler", "system:serviceaccounts");

        var yes = await kube.Client.AuthenticationV1.CreateTokenReviewAsync(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = known } });
        var no = await kube.Client.AuthenticationV1.CreateTokenReviewAsync(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = "forged" } });

        Assert.True(yes.Status.Authenticated);
        Assert.Equal("system:serviceaccount:kube-system:horizontal-pod-autoscaler", yes.Status.User.Username);
        Assert.Equal(["system:serviceaccounts"], yes.Status.User.Groups);
        Assert.False(no.Status.Authenticated);
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
            return new V1SubjectAccessReviewStatus { Allowed = spec.User == "hpa" && spec.ResourceAttributes?.Group == "custom.metrics.k8s.io" };
        });

        async Task<bool> Allowed(string user) => (await kube.Client.AuthorizationV1.CreateSubjectAccessReviewAsync(new V1SubjectAccessReview
        {
            Spec = new V1SubjectAccessReviewSpec { User = user, ResourceAttributes = new V1ResourceAttributes { Group = "custom.metrics.k8s.io", Resource = "pods", Verb = "get" } },
        })).Status.Allowed;

        Assert.True(await Allowed("hpa"));
        Assert.False(await Allowed("mallory"));
        Assert.Equal("tester", caller);
    }

    [Fact]
    public async Task Create_GenerateName_AppendsFiveCharacters()
    {
        await using var kube = await ServerAndClient.StartAsync(new KubeTestServerOptions { BookmarkInterval = null });

        var created = await kube.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { GenerateName = "cm-" } }, "default");

        Assert.Matches("^cm-[a-z0-9]{5}$", created.Metadata.Name);
    }

    [Fact]
    public async Task Seed_PodWithStatus_KeepsStatusAndDecodesAsTypedPod()
    {
        await using var kube = await ServerAndClient.StartAsync(new KubeTestServerOptions { BookmarkInterval = null });
        kube.Server.Seed(KubeResources.Pods, JsonNode.Parse("""
            {"metadata":{"name":"web-1","namespace":"shop","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-7d4","uid":"u1","controller":true}]},
             "spec":{"nodeName":"n1","containers":[{"name":"app","image":"x","resources":{"requests":{"cpu":"500m"},"limits":{"cpu":"1"}}}]},
             "status":{"phase":"Running","podIP":"10.0.0.7","qosClass":"Burstable","containerStatuses":[{"name":"app","containerID":"containerd://abc"}]}}
            """)!.AsObject());

        var pods = await kube.Client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: "spec.nodeName=n1,status.phase=Running");

        var pod = Assert.Single(pods.Items);
        Assert.Equal(("10.0.0.7", "Burstable", "containerd://abc"), (pod.Status.PodIP, pod.Status.QosClass, pod.Status.ContainerStatuses[0].ContainerID));
        Assert.Equal(("500m", "1"), (pod.Spec.Containers[0].Resources.Requests["cpu"].ToString(), pod.Spec.Containers[0].Resources.Limits["cpu"].ToString()));
        Assert.Equal("ReplicaSet", pod.Metadata.OwnerReferences[0].Kind);
    }

    [Fact]
    public async Task Update_NoChange_KeepsResourceVersion()
    {
        await using var kube = await ServerAndClient.StartAsync(new KubeTestServerOptions { BookmarkInterval = null });
        var created = await kube.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default");

        var same = await kube.Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "a", "default");

        Assert.Equal(created.Metadata.ResourceVersion, same.Metadata.ResourceVersion);
    }
}
