using System.Globalization;
using System.Text.Json;
using KernelTruth.Contracts.Units;
using KernelTruth.MetricsAdapter.Metrics;

namespace KernelTruth.MetricsAdapter.Api.Rendering;

/// <summary>
/// The lists rendered the way the adapter did before <see cref="MetricListWriter"/>: records from
/// <c>WireTypes.cs</c> through the System.Text.Json source generator. Not on the request path: the
/// tests prove the writer's bytes equal these, and the benchmark times both in one run. Kept in the
/// product so both can reach it and so the records stay the readable statement of the wire format.
/// </summary>
internal static class RecordListRenderer
{
    public static byte[] Custom(string version, string metric, IReadOnlyList<(ObjectReference Ref, MetricSums Sums, double Value)> items)
    {
        if (version == ApiGroups.V1Beta2)
        {
            var identifier = new MetricIdentifier(metric, null);
            return JsonSerializer.SerializeToUtf8Bytes(
                new MetricValueListV1Beta2("MetricValueList", $"{ApiGroups.Custom}/{version}", new ListMeta(),
                    [.. items.Select(i => new MetricValueV1Beta2(i.Ref, identifier, Timestamp(i.Sums), Window(i.Sums), Quantity.FormatMilli(i.Value)))]),
                AdapterJsonContext.Relaxed.MetricValueListV1Beta2);
        }

        return JsonSerializer.SerializeToUtf8Bytes(
            new MetricValueListV1Beta1("MetricValueList", $"{ApiGroups.Custom}/{version}", new ListMeta(),
                [.. items.Select(i => new MetricValueV1Beta1(i.Ref, metric, Timestamp(i.Sums), Window(i.Sums), Quantity.FormatMilli(i.Value), null))]),
            AdapterJsonContext.Relaxed.MetricValueListV1Beta1);
    }

    public static byte[] External(string metric, IReadOnlyDictionary<string, string> labels, MetricSums sums, double value) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new ExternalMetricValueList("ExternalMetricValueList", $"{ApiGroups.External}/{ApiGroups.V1Beta1}", new ListMeta(),
                [new ExternalMetricValue(metric, labels, Timestamp(sums), Window(sums), Quantity.FormatMilli(value))]),
            AdapterJsonContext.Relaxed.ExternalMetricValueList);

    private static string Timestamp(MetricSums s) => s.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static long Window(MetricSums s) => Math.Max(1, (long)Math.Round(s.WindowSeconds));
}
