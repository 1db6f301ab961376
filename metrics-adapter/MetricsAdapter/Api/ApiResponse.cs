using System.IO.Compression;
using System.Text.Json;

namespace KernelTruth.MetricsAdapter.Api;

/// <summary>A rendered answer: status code and JSON body (every error has a metav1.Status body).</summary>
internal sealed record ApiResponse(int Code, byte[] Body)
{
    /// <summary>Bodies at least this long are offered gzip-compressed (client-go asks for gzip by default).</summary>
    public const int GzipThreshold = 1024;

    private byte[]? _gzip;
    private bool _gzipped;
    private object? _gzipLock;

    /// <summary>
    /// The body gzip-compressed, made once per answer (answers are cached per publication): a
    /// 1 000-pod list shrinks about tenfold, and TLS then encrypts a tenth of the bytes. Requests
    /// asking for it together wait for the one compression (2 MB of JSON for 9 000 pods).
    /// </summary>
    public byte[] Gzip => LazyInitializer.EnsureInitialized(ref _gzip, ref _gzipped, ref _gzipLock, Compress)!;

    /// <summary>True once someone asked for <see cref="Gzip"/>: the next publication's answer is compressed ahead too.</summary>
    public bool HasGzip => Volatile.Read(ref _gzip) is not null;

    private byte[] Compress()
    {
        using var buffer = new MemoryStream(Body.Length / 8);
        using (var z = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            z.Write(Body);
        }

        return buffer.ToArray();
    }

    public static ApiResponse Ok<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        new(200, JsonSerializer.SerializeToUtf8Bytes(value, type));

    /// <summary>A body already written as JSON (the metric lists, see Rendering/MetricListWriter).</summary>
    public static ApiResponse Ok(byte[] json) => new(200, json);

    public static ApiResponse NotFound(string message, StatusDetails? details = null) => Error(404, "NotFound", message, details);

    public static ApiResponse BadRequest(string message) => Error(400, "BadRequest", message);

    public static ApiResponse Unauthorized(string message) => Error(401, "Unauthorized", message);

    public static ApiResponse Forbidden(string message) => Error(403, "Forbidden", message);

    public static ApiResponse MethodNotAllowed(string method) => Error(405, "MethodNotAllowed", $"method {method} is not supported; only GET (and HEAD)");

    public static ApiResponse NotAcceptable(string message) => Error(406, "NotAcceptable", message);

    public static ApiResponse UriTooLong(string message) => Error(414, "RequestEntityTooLarge", message);

    public static ApiResponse Unavailable(string message) => Error(503, "ServiceUnavailable", message);

    public static ApiResponse Error(int code, string reason, string message, StatusDetails? details = null) =>
        new(code, JsonSerializer.SerializeToUtf8Bytes(
            new Status("Status", "v1", new ListMeta(), "Failure", message, reason, details, code),
            AdapterJsonContext.Relaxed.Status));
}
