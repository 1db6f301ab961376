using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using KernelTruth.MetricsAdapter.Store;

namespace KernelTruth.MetricsAdapter.Api.Rendering;

/// <summary>
/// The describedObject JSON of every pod of one published namespace, e.g.
/// <c>{"kind":"Pod","namespace":"shop","name":"web-a","apiVersion":"/v1"}</c>, written once per
/// publication into one array (about 75 bytes a pod, plus a 4-byte offset) so that rendering a
/// 9 000-pod list copies bytes instead of encoding 36 000 strings. Held beside the namespace it
/// describes and collected with it: the next publication's namespace is a new object.
/// </summary>
internal sealed class DescribedObjects
{
    private static readonly ConditionalWeakTable<NamespaceMetrics, DescribedObjects> ByNamespace = [];

    private static readonly JsonEncodedText Kind = JsonEncodedText.Encode("kind");
    private static readonly JsonEncodedText Namespace = JsonEncodedText.Encode("namespace");
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText ApiVersion = JsonEncodedText.Encode("apiVersion");

    private readonly byte[] _json;
    private readonly int[] _starts;

    private DescribedObjects(byte[] json, int[] starts)
    {
        _json = json;
        _starts = starts;
    }

    /// <summary>The JSON of pod <paramref name="index"/> of the namespace's <see cref="NamespaceMetrics.Pods"/>.</summary>
    public ReadOnlyMemory<byte> this[int index] => _json.AsMemory(_starts[index], _starts[index + 1] - _starts[index]);

    /// <summary>Bytes held: the JSON and the offsets.</summary>
    public long Bytes => _json.Length + (4L * _starts.Length);

    /// <summary>The namespace's pods, written at the first call for this publication (thread-safe; one result is kept).</summary>
    public static DescribedObjects Pods(NamespaceMetrics ns) => ByNamespace.GetValue(ns, Build);

    /// <summary>One object's JSON; <paramref name="ns"/> null for a cluster-scoped object (a Namespace).</summary>
    public static byte[] One(string kind, string? ns, string name, string apiVersion)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + name.Length + (ns?.Length ?? 0));
        using (var writer = new Utf8JsonWriter(buffer, MetricListWriter.WriterOptions))
        {
            Write(writer, kind, ns, name, apiVersion);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Every pod as <c>{"kind":"Pod","namespace":"</c> + namespace + <c>","name":"</c> + name +
    /// <c>","apiVersion":"/v1"}</c>, the same bytes <see cref="One"/> writes, assembled by copying:
    /// 10 000 pods through a JSON writer cost about as much as rendering the list itself.
    /// </summary>
    private static DescribedObjects Build(NamespaceMetrics ns)
    {
        var pods = ns.Pods;
        var starts = new int[pods.Count + 1];
        byte[] prefix = [.. "{\"kind\":\"Pod\",\"namespace\":\""u8, .. Escaped(ns.Name), .. "\",\"name\":\""u8];
        using var buffer = new PooledBufferWriter(pods.Count * (prefix.Length + 48));
        for (int i = 0; i < pods.Count; i++)
        {
            string name = pods[i].Name;
            Append(buffer, prefix);
            if (IsPlain(name))
            {
                buffer.Advance(System.Text.Encoding.ASCII.GetBytes(name, buffer.GetSpan(name.Length)));
            }
            else
            {
                Append(buffer, Escaped(name));
            }

            Append(buffer, "\",\"apiVersion\":\"/v1\"}"u8);
            starts[i + 1] = buffer.WrittenSpan.Length;
        }

        return new DescribedObjects(buffer.WrittenSpan.ToArray(), starts);
    }

    /// <summary>
    /// Characters no JSON encoder escapes; Kubernetes object names (DNS subdomains: a-z, 0-9, '-', '.')
    /// never need more, so the escaping path below is for names from elsewhere (the single-host naming).
    /// </summary>
    private static bool IsPlain(string text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '.' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static ReadOnlySpan<byte> Escaped(string text) =>
        JsonEncodedText.Encode(text, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes;

    private static void Append(PooledBufferWriter buffer, ReadOnlySpan<byte> part)
    {
        part.CopyTo(buffer.GetSpan(part.Length));
        buffer.Advance(part.Length);
    }

    /// <summary>Field order and the core group's "/v1" as custom-metrics-apiserver writes an ObjectReference.</summary>
    private static void Write(Utf8JsonWriter writer, string kind, string? ns, string name, string apiVersion)
    {
        writer.WriteStartObject();
        writer.WriteString(Kind, kind);
        if (ns is not null)
        {
            writer.WriteString(Namespace, ns);
        }

        writer.WriteString(Name, name);
        writer.WriteString(ApiVersion, apiVersion);
        writer.WriteEndObject();
    }
}
