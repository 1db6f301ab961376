using KernelTruth.Contracts.Units;
using KernelTruth.Kubernetes.Reviews;
using KernelTruth.MetricsAdapter.Api;

namespace KernelTruth.MetricsAdapter.Tests.Api;

public class ApiRequestTests
{
    [Theory]
    [InlineData("/healthz", "NotOurs")]
    [InlineData("/apisx", "NotOurs")]
    [InlineData("/apis", "GroupList")]
    [InlineData("/apis/", "GroupList")]
    [InlineData("/apis/custom.metrics.k8s.io", "Group")]
    [InlineData("/apis/external.metrics.k8s.io/v1beta1", "ResourceList")]
    [InlineData("/apis/metrics.k8s.io/v1beta1", "NotFound")]
    [InlineData("/apis/external.metrics.k8s.io/v1beta2", "NotFound")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/pods/*/m", "PodMetrics")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta1/namespaces/shop/pods/web-a/m", "PodMetrics")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/deployments.apps/web/m", "WorkloadMetric")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/deployments/web/m", "WorkloadMetric")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/deployments.apps/*/m", "NotFound")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/metrics/m", "NamespaceMetric")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/m", "NamespaceMetric")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/nodes/n1/m", "NotFound")]
    [InlineData("/apis/external.metrics.k8s.io/v1beta1/namespaces/shop/m", "ExternalMetric")]
    [InlineData("/apis/external.metrics.k8s.io/v1beta1/namespaces/shop/pods/x/m", "NotFound")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/a/b/c/d/e/f/g", "NotFound")]
    public void Parse_Path_Kind(string path, string kind) => Assert.Equal(kind, ApiRequest.Parse(path).Kind.ToString());

    [Fact]
    public void Parse_WorkloadPath_KindNamespaceNameMetric()
    {
        var r = ApiRequest.Parse("/apis/custom.metrics.k8s.io/v1beta1/namespaces/shop/statefulsets.apps/db/cpu_demand_cores");
        Assert.Equal(("StatefulSet", "shop", "db", "cpu_demand_cores", "v1beta1"), (r.Workload!.Kind, r.Namespace, r.Name, r.Metric, r.Version));
    }
}

public class RequestAttributesTests
{
    private static readonly UserInfo U = new("u", [], UserInfo.NoExtra);

    [Theory]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/pods/*/m", "get", "pods", "m", "shop", "*")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/metrics/m", "get", "metrics", null, "shop", "m")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop", "get", "namespaces", null, "shop", "shop")]
    [InlineData("/apis/external.metrics.k8s.io/v1beta1/namespaces/shop/m", "list", "m", null, "shop", null)]
    public void From_ResourcePath_GenericResolverAttributes(string path, string verb, string resource, string? sub, string ns, string? name)
    {
        var a = KernelTruth.MetricsAdapter.Security.RequestAttributes.From(U, path);
        Assert.Equal((verb, resource, sub, ns, name), (a.Verb, a.Resource, a.Subresource, a.Namespace, a.Name));
    }

    [Theory]
    [InlineData("/apis")]
    [InlineData("/apis/custom.metrics.k8s.io")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2")]
    [InlineData("/metrics")]
    public void From_ShortPath_NonResource(string path)
    {
        var a = KernelTruth.MetricsAdapter.Security.RequestAttributes.From(U, path);
        Assert.False(a.IsResourceRequest);
        Assert.Equal(("get", path), (a.Verb, a.Path));
    }
}

public class ContentNegotiationTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("*/*", true)]
    [InlineData("application/json", true)]
    [InlineData("application/json, */*", true)]
    [InlineData("application/vnd.kubernetes.protobuf, */*", true)]
    [InlineData("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json", true)]
    [InlineData("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", false)]
    [InlineData("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json;q=0", false)]
    [InlineData("application/vnd.kubernetes.protobuf", false)]
    [InlineData("text/html", false)]
    public void Refusal_Accept_JsonOrNot(string? accept, bool json) => Assert.Equal(json, ContentNegotiation.Refusal(accept) is null);
}
