using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using KernelTruth.Contracts.Units;
using KernelTruth.MetricsAdapter.Metrics;

namespace KernelTruth.MetricsAdapter.Api.Rendering;

/// <summary>
/// Writes the custom metrics API's MetricValueList (v1beta2 and v1beta1) and the external metrics
/// API's ExternalMetricValueList straight to UTF-8, in the field order and escaping of the records
/// in <c>WireTypes.cs</c> (kubernetes/metrics pkg/apis/*/types.go). A 9 000-pod list is mostly
/// copying: each describedObject was written at publication (<see cref="DescribedObjects"/>), the
/// metric name is encoded once per list, the JSON is written into pooled memory and copied out once, a timestamp is formatted only when it differs from the
/// previous item's (a publication's pods mostly share one), and quantities are formatted into a
/// stack buffer, never a string.
/// </summary>
internal static class MetricListWriter
{
    /// <summary>Relaxed escaping, as the record serializer's: quotes stay readable, as Go writes them.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Bytes an item adds besides its describedObject, a little over: about 150 for v1beta2 with "cpu_throttled_periods_ratio" (the benchmark's 228-byte items, 75 of them the describedObject).</summary>
    private const int ItemOverhead = 160;

    private static readonly JsonEncodedText Kind = Encode("kind");
    private static readonly JsonEncodedText ApiVersion = Encode("apiVersion");
    private static readonly JsonEncodedText Metadata = Encode("metadata");
    private static readonly JsonEncodedText Items = Encode("items");
    private static readonly JsonEncodedText MetricName = Encode("metricName");
    private static readonly JsonEncodedText MetricLabels = Encode("metricLabels");
    private static readonly JsonEncodedText Timestamp = Encode("timestamp");
    private static readonly JsonEncodedText Window = Encode("window");
    private static readonly JsonEncodedText Value = Encode("value");
    private static readonly JsonEncodedText MetricValueList = Encode("MetricValueList");
    private static readonly JsonEncodedText ExternalMetricValueList = Encode("ExternalMetricValueList");
    private static readonly JsonEncodedText ExternalApiVersion = Encode($"{ApiGroups.External}/{ApiGroups.V1Beta1}");

    /// <summary>A custom metrics MetricValueList of <paramref name="version"/> (v1beta2, or v1beta1's flat form).</summary>
    public static byte[] Custom(string version, string metric, ReadOnlySpan<ListItem> items)
    {
        bool v2 = version == ApiGroups.V1Beta2;
        var metricName = Encode(metric);
        int estimate = 256;
        foreach (var item in items)
        {
            estimate += item.DescribedObject.Length + ItemOverhead;
        }

        using var buffer = new PooledBufferWriter(estimate);
        var stamp = new TimestampCache();
        var template = new ItemTemplate(v2, metric);
        int longest = 0;
        foreach (var item in items)
        {
            longest = Math.Max(longest, item.DescribedObject.Length);
        }

        var scratch = ArrayPool<byte>.Shared.Rent(longest + template.Overhead);
        try
        {
            using var writer = new Utf8JsonWriter(buffer, WriterOptions);
            StartList(writer, MetricValueList, Encode($"{ApiGroups.Custom}/{version}"));
            foreach (var item in items)
            {
                // Every part is JSON already (the describedObject written at publication, the metric name
                // encoded once, digits), so an item goes in as one raw value; the writer adds the commas.
                writer.WriteRawValue(scratch.AsSpan(0, template.Write(scratch, item, stamp)), skipInputValidation: true);
            }

            EndList(writer);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }

        return buffer.WrittenSpan.ToArray(); // the one large array a render allocates: the answer itself
    }

    /// <summary>
    /// An ExternalMetricValueList of one value, <paramref name="labels"/> echoed as metricLabels in
    /// key order (Go's encoding/json sorts map keys).
    /// </summary>
    public static byte[] External(string metric, IReadOnlyDictionary<string, string> labels, MetricSums sums, double value)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            StartList(writer, ExternalMetricValueList, ExternalApiVersion);
            writer.WriteStartObject();
            writer.WriteString(MetricName, metric);
            writer.WriteStartObject(MetricLabels);
            foreach (var (key, text) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                writer.WriteString(key, text);
            }

            writer.WriteEndObject();
            writer.WriteString(Timestamp, new TimestampCache().Utf8(sums.Timestamp));
            writer.WriteNumber(Window, WholeSeconds(sums));
            WriteQuantity(writer, value);
            writer.WriteEndObject();
            EndList(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Whole seconds of data behind the value, at least 1: 59.6 s → 60.</summary>
    public static long WholeSeconds(MetricSums s) => Math.Max(1, (long)Math.Round(s.WindowSeconds));

    private static void StartList(Utf8JsonWriter writer, JsonEncodedText kind, JsonEncodedText apiVersion)
    {
        writer.WriteStartObject();
        writer.WriteString(Kind, kind);
        writer.WriteString(ApiVersion, apiVersion);
        writer.WriteStartObject(Metadata);
        writer.WriteEndObject();
        writer.WriteStartArray(Items);
    }

    private static void EndList(Utf8JsonWriter writer)
    {
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteQuantity(Utf8JsonWriter writer, double value)
    {
        Span<byte> text = stackalloc byte[Quantity.MaxMilliLength];
        Quantity.TryFormatMilli(value, text, out int written);
        writer.WriteString(Value, text[..written]);
    }

    /// <summary>
    /// One list item as bytes, in the records' field order. v1beta2:
    /// <c>{"describedObject":{…},"metric":{"name":"m","selector":null},"timestamp":"…","windowSeconds":60,"value":"250m"}</c>;
    /// v1beta1: <c>{"describedObject":{…},"metricName":"m","timestamp":"…","window":60,"value":"250m","selector":null}</c>.
    /// </summary>
    private sealed class ItemTemplate
    {
        private readonly byte[] _afterObject;
        private readonly byte[] _beforeWindow;
        private readonly byte[] _end;

        public ItemTemplate(bool v2, string metric)
        {
            byte[] name = [(byte)'"', .. Encode(metric).EncodedUtf8Bytes, (byte)'"'];
            _afterObject = v2
                ? [.. ",\"metric\":{\"name\":"u8, .. name, .. ",\"selector\":null},\"timestamp\":\""u8]
                : [.. ",\"metricName\":"u8, .. name, .. ",\"timestamp\":\""u8];
            _beforeWindow = v2 ? [.. "\",\"windowSeconds\":"u8] : [.. "\",\"window\":"u8];
            _end = v2 ? [.. "\"}"u8] : [.. "\",\"selector\":null}"u8];
            Overhead = Start.Length + _afterObject.Length + 32 + _beforeWindow.Length + 20 + ValueKey.Length + Quantity.MaxMilliLength + _end.Length;
        }

        /// <summary>Bytes an item needs besides its describedObject, at most (timestamp 32, window 20 digits).</summary>
        public int Overhead { get; }

        private static ReadOnlySpan<byte> Start => "{\"describedObject\":"u8;

        private static ReadOnlySpan<byte> ValueKey => ",\"value\":\""u8;

        /// <returns>Bytes written.</returns>
        public int Write(Span<byte> into, ListItem item, TimestampCache stamp)
        {
            int at = 0;
            Append(into, ref at, Start);
            Append(into, ref at, item.DescribedObject.Span);
            Append(into, ref at, _afterObject);
            Append(into, ref at, stamp.Utf8(item.Sums.Timestamp));
            Append(into, ref at, _beforeWindow);
            WholeSeconds(item.Sums).TryFormat(into[at..], out int digits, default, CultureInfo.InvariantCulture);
            at += digits;
            Append(into, ref at, ValueKey);
            Quantity.TryFormatMilli(item.Value, into[at..], out int quantity);
            at += quantity;
            Append(into, ref at, _end);
            return at;
        }

        private static void Append(Span<byte> into, ref int at, ReadOnlySpan<byte> part)
        {
            part.CopyTo(into[at..]);
            at += part.Length;
        }
    }

    private static JsonEncodedText Encode(string text) => JsonEncodedText.Encode(text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);

    /// <summary>
    /// metav1.Time as Go marshals it: RFC 3339 in UTC, whole seconds ("2026-01-01T12:00:00Z"). The
    /// last second formatted is kept, so a list whose items share a timestamp formats it once.
    /// </summary>
    private sealed class TimestampCache
    {
        private readonly byte[] _text = new byte[32];
        private long _second = long.MinValue;
        private int _length;

        public ReadOnlySpan<byte> Utf8(DateTimeOffset at)
        {
            var utc = at.UtcDateTime;
            long second = utc.Ticks / TimeSpan.TicksPerSecond;
            if (second != _second)
            {
                utc.TryFormat(_text, out _length, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                _second = second;
            }

            return _text.AsSpan(0, _length);
        }
    }
}
