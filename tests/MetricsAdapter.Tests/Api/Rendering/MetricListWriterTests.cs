using KernelTruth.MetricsAdapter.Api;
using KernelTruth.MetricsAdapter.Api.Rendering;
using KernelTruth.MetricsAdapter.Metrics;
using KernelTruth.MetricsAdapter.Selectors;
using KernelTruth.MetricsAdapter.Store;

namespace KernelTruth.MetricsAdapter.Tests.Api.Rendering;

/// <summary>
/// The writer against the record serializer the adapter used before it (<see cref="RecordListRenderer"/>):
/// the same items must give the same bytes, for both custom versions and the external list.
/// </summary>
public class MetricListWriterTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Values, timestamps and windows chosen to hit each formatting rule: 0.25 → "250m", 1.5 → "1500m",
    /// 2 → "2", 0.0004 → "0", NaN → "0", 1234.5678 → "1234568m"; a timestamp 0.7 s past the second
    /// (truncated), one given at +02:00 (written in UTC), and a timestamp that returns after another
    /// (the writer's one-entry cache must not keep the wrong one); windows 59.6 s → 60, 0.2 s → 1.
    /// </summary>
    public static TheoryData<string> Versions => [ApiGroups.V1Beta2, ApiGroups.V1Beta1];

    private static readonly (double Value, DateTimeOffset At, double Window)[] Cases =
    [
        (0.25, At, 60),
        (1.5, At, 60),
        (2.0, At.AddMilliseconds(700), 59.6),
        (0.0004, new DateTimeOffset(2026, 1, 1, 14, 0, 5, TimeSpan.FromHours(2)), 0.2),
        (double.NaN, At, 60),
        (1234.5678, At.AddSeconds(-1), 30),
        (0.3, At, 60),
    ];

    [Theory]
    [MemberData(nameof(Versions))]
    public void Custom_RepresentativeItems_SameBytesAsRecords(string version)
    {
        var pods = Cases.Select((c, i) => (Ref: new ObjectReference("Pod", "shop", $"web-{i}", "/v1"), Sums: Sums(c.At, c.Window), c.Value)).ToList();
        var items = pods.Select(p => new ListItem(DescribedObjects.One(p.Ref.Kind, p.Ref.Namespace, p.Ref.Name, p.Ref.ApiVersion), p.Sums, p.Value)).ToArray();

        byte[] written = MetricListWriter.Custom(version, MetricNames.DemandCores, items);

        Assert.Equal(Text(RecordListRenderer.Custom(version, MetricNames.DemandCores, pods)), Text(written));
        Assert.Contains("\"value\":\"250m\"", Text(written), StringComparison.Ordinal);
        Assert.Contains("\"timestamp\":\"2026-01-01T12:00:05Z\"", Text(written), StringComparison.Ordinal); // 14:00:05+02:00
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Custom_NoItems_SameBytesAsRecords(string version) =>
        Assert.Equal(
            Text(RecordListRenderer.Custom(version, MetricNames.ThrottledPeriodsRatio, [])),
            Text(MetricListWriter.Custom(version, MetricNames.ThrottledPeriodsRatio, [])));

    [Fact]
    public void Custom_NamespaceObject_NoNamespaceFieldAsRecords()
    {
        var described = new ObjectReference("Namespace", null, "shop", "/v1");
        var sums = Sums(At, 60);

        byte[] written = MetricListWriter.Custom(ApiGroups.V1Beta2, MetricNames.DemandCores, [new ListItem(DescribedObjects.One("Namespace", null, "shop", "/v1"), sums, 2.2)]);

        Assert.Equal(Text(RecordListRenderer.Custom(ApiGroups.V1Beta2, MetricNames.DemandCores, [(described, sums, 2.2)])), Text(written));
    }

    [Theory]
    [InlineData("")]
    [InlineData("app=web")]
    [InlineData("tier=front,app=web,app!=db")] // two equality pairs echoed in key order, the != one not
    [InlineData("app in (web),version=v\"2")] // a quote in a value: escaped the same way (the parser may refuse it: then skipped)
    public void External_Labels_SameBytesAsRecords(string selectorText)
    {
        LabelSelector selector;
        try
        {
            selector = LabelSelectorParser.Parse(selectorText);
        }
        catch (SelectorException)
        {
            selector = new LabelSelector([new SelectorRequirement("version", SelectorOperator.Equals, ["v\"2"])]);
        }

        var labels = selector.EqualityLabels();
        var sums = Sums(At.AddMilliseconds(300), 59.6);

        byte[] written = MetricListWriter.External(MetricNames.DemandCores, labels, sums, 0.7);

        Assert.Equal(Text(RecordListRenderer.External(MetricNames.DemandCores, labels, sums, 0.7)), Text(written));
    }

    [Fact]
    public void External_LabelsOutOfOrder_WrittenInKeyOrder()
    {
        // Go's encoding/json writes map keys sorted; a dictionary filled z, a must still come out a, z.
        var labels = new Dictionary<string, string> { ["z"] = "1", ["a"] = "2" };

        string written = Text(MetricListWriter.External(MetricNames.DemandCores, labels, Sums(At, 60), 1));

        Assert.Contains("\"metricLabels\":{\"a\":\"2\",\"z\":\"1\"}", written, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ApiGroups.V1Beta2, "")]
    [InlineData(ApiGroups.V1Beta2, "app=web")]
    [InlineData(ApiGroups.V1Beta1, "app!=web,pod-template-hash")]
    [InlineData(ApiGroups.V1Beta2, "app in (web,db)")]
    public void Respond_PodList_SameBytesAsRecordsOverTheSelectedPods(string version, string selectorText)
    {
        // 300 pods: every third app=db, every fifth without the pod-template-hash label, values i/40 cores
        // (0, 25m, 50m … 7475m) and timestamps spread over 3 seconds.
        var pods = Enumerable.Range(0, 300).Select(i => new PodMetrics(
            $"web-{i:D3}",
            i % 5 == 0 ? new Dictionary<string, string> { ["app"] = i % 3 == 0 ? "db" : "web" }
                : new Dictionary<string, string> { ["app"] = i % 3 == 0 ? "db" : "web", ["pod-template-hash"] = "7d9f" },
            [],
            Sums(At.AddSeconds(-(i % 3)), 60, demand: i / 40.0))).ToList();
        var ns = new NamespaceMetrics("shop", pods);
        var view = new MetricsView(1, new Dictionary<string, NamespaceMetrics> { ["shop"] = ns });
        var selector = LabelSelectorParser.Parse(selectorText);
        var request = ApiRequest.Parse($"/apis/custom.metrics.k8s.io/{version}/namespaces/shop/pods/*/{MetricNames.DemandCores}");

        byte[] written = MetricResponder.Respond(view, request, selector, LabelSelector.Everything).Body;

        var expected = ns.Pods.Where(p => selector.Matches(p.Labels))
            .Select(p => (new ObjectReference("Pod", "shop", p.Name, "/v1"), p.Sums, p.Sums.DemandCores)).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(Text(RecordListRenderer.Custom(version, MetricNames.DemandCores, expected)), Text(written));
    }

    private static MetricSums Sums(DateTimeOffset at, double window, double demand = 0.5) =>
        new(at, window, 100, 10, new long[MetricSums.WaitSlots], new long[MetricSums.WaitSlots], demand, 0.5);

    private static string Text(byte[] utf8) => System.Text.Encoding.UTF8.GetString(utf8);
}
