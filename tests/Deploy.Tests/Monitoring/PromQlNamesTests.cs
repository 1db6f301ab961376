namespace KernelTruth.Deploy.Tests.Monitoring;

/// <summary>The name finder the dashboard check relies on: it finds every selected metric and nothing else.</summary>
public sealed class PromQlNamesTests
{
    [Theory]
    [InlineData("sum by (le) (rate(a_bucket{x=\"y\"}[5m])) / ignoring (le) b_total offset 5m", "a_bucket b_total")]
    [InlineData("namespace_workload_pod:ktruth_info:max * on (namespace, pod) group_left (workload) c", "c namespace_workload_pod:ktruth_info:max")]
    [InlineData("1 / x >= 2 and on (a) max by (a) (y) > bool 0.5e3", "x y")]
    [InlineData("foo{l=~\"bar|baz\", m!='q'} or absent(up{job=\"j\"} == 1)", "foo up")]
    [InlineData("rate(m_total{namespace=\"$namespace\"}[$__rate_interval]) - ignoring (le) rate(m_bucket{le=\"0.008192\"}[5m])", "m_bucket m_total")]
    [InlineData("histogram_quantile(0.99, sum without (pod) (rate(h_bucket[1m:10s])))", "h_bucket")]
    public void MetricNames_Expression_ExactlyTheSelectedMetrics(string expr, string expected) =>
        Assert.Equal(expected.Split(' ').Order(StringComparer.Ordinal), PromQlNames.MetricNames(expr).Order(StringComparer.Ordinal));

    [Theory]
    [InlineData("label_values(ktruth_pod_workload_info, namespace)", "ktruth_pod_workload_info")]
    [InlineData("label_values(ktruth_pod_workload_info{namespace=\"$namespace\"}, workload)", "ktruth_pod_workload_info")]
    public void VariableQueryNames_LabelValues_TheMetricNotTheLabel(string query, string expected) =>
        Assert.Equal([expected], PromQlNames.VariableQueryNames(query));
}
