using System.Diagnostics.Metrics;
using KernelTruth.NodeSensor.Prometheus;

namespace KernelTruth.NodeSensor.Tests.Prometheus;

public sealed class PrometheusNamesTests
{
    [Theory]
    [InlineData("ktruth.wait-time", null, false, "ktruth_wait_time")]
    [InlineData("ktruth.wait", "s", false, "ktruth_wait_seconds")]
    [InlineData("ktruth.wait_seconds", "s", false, "ktruth_wait_seconds")] // suffix not doubled
    [InlineData("ktruth.rss", "By", false, "ktruth_rss_bytes")]
    [InlineData("ktruth.ratio", "1", false, "ktruth_ratio")] // unknown unit: no suffix
    [InlineData("ktruth.cpu", "s", true, "ktruth_cpu_seconds_total")]
    [InlineData("ktruth.cpu_total", "s", true, "ktruth_cpu_seconds_total")]
    [InlineData("ktruth.events_total", null, true, "ktruth_events_total")]
    [InlineData("9lives", null, false, "_9lives")]
    [InlineData("a/b c", null, false, "a_b_c")]
    public void ForInstrument_NameUnitType_PrometheusName(string name, string? unit, bool counter, string expected)
    {
        using var meter = new Meter($"ktruth.test.{Guid.NewGuid():N}");
        var instrument = meter.CreateCounter<int>(name, unit);

        Assert.Equal(expected, PrometheusNames.ForInstrument(instrument, counter ? MetricType.Counter : MetricType.Gauge));
    }

    [Theory]
    [InlineData("pod", "pod")]
    [InlineData("k8s.pod.name", "k8s_pod_name")]
    [InlineData("1st", "_1st")]
    [InlineData("__name__", "_name__")]
    [InlineData("", "_")]
    [InlineData("a:b", "a_b")]
    public void SanitizeLabelName_AnyKey_ValidLabelName(string key, string expected)
    {
        var sanitized = PrometheusNames.SanitizeLabelName(key);

        Assert.Equal(expected, sanitized);
        Assert.True(PrometheusNames.IsValidLabelName(sanitized));
    }
}
