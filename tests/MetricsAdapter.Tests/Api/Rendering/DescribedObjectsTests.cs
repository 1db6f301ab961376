using KernelTruth.MetricsAdapter.Api.Rendering;
using KernelTruth.MetricsAdapter.Metrics;
using KernelTruth.MetricsAdapter.Store;

namespace KernelTruth.MetricsAdapter.Tests.Api.Rendering;

public class DescribedObjectsTests
{
    [Fact]
    public void Pods_Namespace_EachPodsReferenceInPodOrder()
    {
        // Published unsorted: the namespace sorts its pods (a, b, c), and index i is the i-th sorted pod.
        var ns = new NamespaceMetrics("shop", [Pod("web-c"), Pod("web-a"), Pod("web-b")]);

        var described = DescribedObjects.Pods(ns);

        for (int i = 0; i < ns.Pods.Count; i++)
        {
            Assert.Equal(
                $"{{\"kind\":\"Pod\",\"namespace\":\"shop\",\"name\":\"{ns.Pods[i].Name}\",\"apiVersion\":\"/v1\"}}",
                System.Text.Encoding.UTF8.GetString(described[i].Span));
        }
    }

    [Theory]
    [InlineData("shop", "web-7d9f-00001")]
    [InlineData("shop", "web.a_b-C9")]
    [InlineData("shöp", "wéb \"quoted\" <pod>")] // not Kubernetes names: the copying path must fall back to escaping as the writer does
    public void Pods_AnyName_SameBytesAsOne(string nsName, string podName)
    {
        var ns = new NamespaceMetrics(nsName, [Pod(podName)]);

        Assert.Equal(
            System.Text.Encoding.UTF8.GetString(DescribedObjects.One("Pod", nsName, podName, "/v1")),
            System.Text.Encoding.UTF8.GetString(DescribedObjects.Pods(ns)[0].Span));
    }

    [Fact]
    public void Pods_SameNamespaceTwice_WrittenOnce()
    {
        var ns = new NamespaceMetrics("shop", [Pod("web-a")]);

        Assert.Same(DescribedObjects.Pods(ns), DescribedObjects.Pods(ns));
    }

    [Fact]
    public void Pods_NextPublication_WrittenAgain()
    {
        // A pod renamed between publications: the new namespace object must not reuse the old bytes.
        var first = DescribedObjects.Pods(new NamespaceMetrics("shop", [Pod("web-a")]));
        var second = DescribedObjects.Pods(new NamespaceMetrics("shop", [Pod("web-z")]));

        Assert.Contains("web-z", System.Text.Encoding.UTF8.GetString(second[0].Span), StringComparison.Ordinal);
        Assert.NotSame(first, second);
    }

    [Fact]
    public void One_NamespaceObject_NoNamespaceField() =>
        Assert.Equal(
            "{\"kind\":\"Namespace\",\"name\":\"shop\",\"apiVersion\":\"/v1\"}",
            System.Text.Encoding.UTF8.GetString(DescribedObjects.One("Namespace", null, "shop", "/v1")));

    private static PodMetrics Pod(string name) => new(name, new Dictionary<string, string>(), [],
        new MetricSums(DateTimeOffset.UnixEpoch, 60, 0, 0, new long[MetricSums.WaitSlots], new long[MetricSums.WaitSlots], 0.1, null));
}
