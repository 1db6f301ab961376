using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KernelTruth.Kube.TestServer;
using KernelTruth.Kubernetes.Connection;
using KernelTruth.Kubernetes.Reviews;
using KernelTruth.MetricsAdapter.Security.Kube;
using KernelTruth.MetricsAdapter.Tests.Fakes;
using KernelTruth.MetricsAdapter.Tests.Http;

namespace KernelTruth.MetricsAdapter.Tests.Security;

/// <summary>
/// The adapter's security seams backed by KubernetesClient against the in-process API server:
/// the ConfigMap read, TokenReview and SubjectAccessReview as a cluster answers them.
/// </summary>
public sealed class KubeSeamsTests : IAsyncLifetime
{
    private const string PodsPath = "/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/pods/*/cpu_demand_cores";
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _clientCa = TestPki.CreateCa("kubernetes-ca");
    private readonly List<V1SubjectAccessReviewSpec> _reviews = [];
    private KubeTestServer _api = null!;
    private IKubernetes _kube = null!;
    private AdapterServer _adapter = null!;

    public async Task InitializeAsync()
    {
        _api = await KubeTestServer.StartAsync();
        _api.Seed(KubeResources.ConfigMaps, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "extension-apiserver-authentication", ["namespace"] = "kube-system" },
            ["data"] = new JsonObject { ["client-ca-file"] = TestPki.Pem(_clientCa) },
        });
        _api.OnTokenReview(spec => spec.Token == "hpa-token"
            ? new V1TokenReviewStatus { Authenticated = true, User = new V1UserInfo { Username = "system:serviceaccount:kube-system:horizontal-pod-autoscaler", Groups = ["system:serviceaccounts"] } }
            : new V1TokenReviewStatus { Authenticated = false, Error = "invalid token" });
        _api.OnSubjectAccessReview((spec, _) =>
        {
            lock (_reviews)
            {
                _reviews.Add(spec);
            }

            bool hpa = spec.User == "system:serviceaccount:kube-system:horizontal-pod-autoscaler" && spec.ResourceAttributes?.Group == "custom.metrics.k8s.io";
            return new V1SubjectAccessReviewStatus { Allowed = hpa, Reason = hpa ? "RBAC: allowed" : "no RBAC policy matched" };
        });
        _kube = KubernetesClientFactory.Create(_api.ClientConfig(_api.IssueToken("system:serviceaccount:ktruth:recommender")), TimeProvider.System);
        _adapter = await AdapterServer.StartAsync(
            auth: new KubeAuthenticationConfigSource(_kube),
            access: new KubeAccessReviewer(_kube),
            tokens: new KubeTokenReviewer(_kube));
        SeedData.Publish(_adapter.Store);
    }

    public async Task DisposeAsync()
    {
        await _adapter.DisposeAsync();
        _kube.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task BearerToken_TokenReviewThenSubjectAccessReview_200()
    {
        using var client = _adapter.Client(bearer: "hpa-token");
        using var response = await client.GetAsync(PodsPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var review = _reviews.Last();
        Assert.Equal(("get", "pods", "cpu_demand_cores", "shop", "*"),
            (review.ResourceAttributes!.Verb, review.ResourceAttributes.Resource, review.ResourceAttributes.Subresource, review.ResourceAttributes.NamespaceProperty, review.ResourceAttributes.Name));
        Assert.Equal(["system:serviceaccounts"], review.Groups!);
    }

    [Fact]
    public async Task RejectedToken_401()
    {
        using var client = _adapter.Client(bearer: "stolen");
        using var response = await client.GetAsync(PodsPath);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ClientCaFromConfigMap_UserDeniedBySubjectAccessReview_403()
    {
        using var alice = TestPki.Issue(_clientCa, "alice", "devs");
        using var client = _adapter.Client(alice);
        using var response = await client.GetAsync(PodsPath);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("no RBAC policy matched", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(["devs"], _reviews.Last(r => r.User == "alice").Groups!);
    }
}
