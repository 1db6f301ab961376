using System.Text.Json;

namespace KernelTruth.MetricsAdapter.Tests.Hpa;

/// <summary>
/// Decodes our answers with the rules the HPA's metrics client applies
/// (kubernetes pkg/controller/podautoscaler/metrics/client.go, notes §2.2): a pods list must not be
/// empty and is keyed by describedObject.name, with a missing windowSeconds read as 1 minute and the
/// timestamp of items[0]; an object metric must have exactly one item; external values are all returned.
/// v1beta1 bodies are converted as the HPA's client converts them (metricName → metric.name, window → windowSeconds).
/// </summary>
internal static class HpaMetricsClient
{
    public sealed record PodMetrics(Dictionary<string, long> MilliByPod, DateTimeOffset Timestamp, long WindowSeconds);

    public static PodMetrics DecodePods(string json, string expectedMetric)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal("MetricValueList", root.GetProperty("kind").GetString());
        var items = root.GetProperty("items");
        Assert.True(items.GetArrayLength() > 0, "no metrics returned from custom metrics API");
        var byPod = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var item in items.EnumerateArray())
        {
            Assert.Equal("Pod", item.GetProperty("describedObject").GetProperty("kind").GetString());
            Assert.Equal(expectedMetric, MetricName(item));
            byPod[item.GetProperty("describedObject").GetProperty("name").GetString()!] = HpaQuantity.MilliValue(item.GetProperty("value").GetString()!);
        }

        var first = items[0];
        return new PodMetrics(byPod, first.GetProperty("timestamp").GetDateTimeOffset(), Window(first) ?? 60);
    }

    public static long DecodeObject(string json, string expectedKind)
    {
        using var doc = JsonDocument.Parse(json);
        var items = doc.RootElement.GetProperty("items");
        Assert.True(items.GetArrayLength() == 1, $"returned {items.GetArrayLength()} results when we asked for exactly one");
        Assert.Equal(expectedKind, items[0].GetProperty("describedObject").GetProperty("kind").GetString());
        return HpaQuantity.MilliValue(items[0].GetProperty("value").GetString()!);
    }

    public static IReadOnlyList<long> DecodeExternal(string json)
    {
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("ExternalMetricValueList", doc.RootElement.GetProperty("kind").GetString());
        var items = doc.RootElement.GetProperty("items");
        Assert.True(items.GetArrayLength() > 0, "no metrics returned from external metrics API");
        return [.. items.EnumerateArray().Select(i => HpaQuantity.MilliValue(i.GetProperty("value").GetString()!))];
    }

    private static string? MetricName(JsonElement item) =>
        item.TryGetProperty("metric", out var m) ? m.GetProperty("name").GetString() : item.GetProperty("metricName").GetString();

    private static long? Window(JsonElement item) =>
        item.TryGetProperty("windowSeconds", out var w) ? w.GetInt64() : item.TryGetProperty("window", out var w1) ? w1.GetInt64() : null;
}
