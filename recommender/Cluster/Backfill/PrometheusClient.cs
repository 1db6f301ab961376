using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace KernelTruth.Cluster.Backfill;

/// <summary>
/// Prometheus' HTTP API, the two calls the bootstrap needs: an instant query that proves the server answers, and
/// range queries (<c>POST /api/v1/query_range</c>, form-encoded, so a selector of many pod names fits). The bearer token
/// file is re-read for every request; a CA file replaces the system's roots for Prometheus' certificate.
/// Unreachable, unauthorised and not-Prometheus are <see cref="HistoryUnavailableException"/> (nothing will work);
/// a query Prometheus rejects or that times out is an <see cref="InvalidDataException"/> (only that chunk is lost).
/// </summary>
public sealed class PrometheusClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly HistoryOptions _options;
    private readonly string _base;

    /// <exception cref="ArgumentException">The CA file does not load; the message names it.</exception>
    public PrometheusClient(HistoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _base = options.Prometheus.AbsoluteUri.TrimEnd('/');
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) };
        if (options.CaFile is { } caFile)
        {
            X509Certificate2Collection roots = [];
            try
            {
                roots.ImportFromPemFile(caFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                throw new ArgumentException($"--history-ca-file '{caFile}' does not load: {ex.Message}", ex);
            }

            if (roots.Count == 0)
            {
                throw new ArgumentException($"--history-ca-file '{caFile}' holds no PEM certificate");
            }

            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Trusted(certificate, errors, roots),
            };
        }

        _http = new HttpClient(handler) { Timeout = options.QueryTimeout };
    }

    public override string ToString() => _base;

    /// <summary>Asks for "1" at one instant: throws <see cref="HistoryUnavailableException"/> unless Prometheus answers.</summary>
    public async Task ProbeAsync(CancellationToken ct)
    {
        using var form = new FormUrlEncodedContent([new("query", "1")]);
        using var document = await PostAsync("/api/v1/query", form, "1", ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A range query: one point every <paramref name="step"/> from <paramref name="start"/> to <paramref name="end"/>
    /// (both inclusive), each series named by its namespace/pod/container labels.
    /// </summary>
    public async Task<IReadOnlyList<PromSeries>> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken ct)
    {
        using var form = new FormUrlEncodedContent(
        [
            new("query", query),
            new("start", start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            new("end", end.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            new("step", ((long)step.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s"),
        ]);
        using var document = await PostAsync("/api/v1/query_range", form, query, ct).ConfigureAwait(false);
        return Parse(document.RootElement.GetProperty("data"));
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonDocument> PostAsync(string path, HttpContent form, string query, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _base + path) { Content = form };
        if (_options.BearerTokenFile is { } tokenFile)
        {
            string token;
            try
            {
                token = (await File.ReadAllTextAsync(tokenFile, ct).ConfigureAwait(false)).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new HistoryUnavailableException($"--history-bearer-token-file '{tokenFile}' cannot be read: {ex.Message}", ex);
            }

            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new HistoryUnavailableException($"Prometheus at {_base} is unreachable: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new InvalidDataException($"Prometheus at {_base} did not answer within {_options.QueryTimeout.TotalSeconds:0} s: {Short(query)}", ex);
        }

        using (response)
        {
            string body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            switch (response.StatusCode)
            {
                case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                    throw new HistoryUnavailableException($"Prometheus at {_base} refused the query ({(int)response.StatusCode} {response.StatusCode}): give a token it accepts with --history-bearer-token-file");
                case HttpStatusCode.NotFound:
                    throw new HistoryUnavailableException($"Prometheus at {_base} answered 404 for {path}: --history-prometheus must be Prometheus' base URL (the one whose /api/v1/query answers)");
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body);
            }
            catch (JsonException ex)
            {
                throw new HistoryUnavailableException($"{_base}{path} answered {(int)response.StatusCode} with something that is not Prometheus' JSON: is --history-prometheus a Prometheus?", ex);
            }

            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out var status) || status.GetString() != "success" || !root.TryGetProperty("data", out _))
            {
                string error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) ? e.ToString() : $"HTTP {(int)response.StatusCode}";
                document.Dispose();
                throw new InvalidDataException($"Prometheus at {_base} rejected a query ({error}): {Short(query)}");
            }

            return document;
        }
    }

    private static IReadOnlyList<PromSeries> Parse(JsonElement data)
    {
        var series = new List<PromSeries>();
        if (!data.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Array)
        {
            return series;
        }

        foreach (var item in result.EnumerateArray())
        {
            var metric = item.GetProperty("metric");
            string Label(string name) => metric.TryGetProperty(name, out var v) ? v.GetString() ?? "" : "";
            var points = new List<(long, double)>();
            foreach (var pair in item.GetProperty("values").EnumerateArray())
            {
                // [1733500800, "0.12"]: the value is a string so that NaN and ±Inf survive JSON.
                long time = (long)pair[0].GetDouble();
                if (double.TryParse(pair[1].GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value))
                {
                    points.Add((time, value));
                }
            }

            series.Add(new PromSeries(Label("namespace"), Label("pod"), Label("container"), points));
        }

        return series;
    }

    private static bool Trusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false; // no certificate, or one for another name
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    private static string Short(string query) => query.Length <= 120 ? query : query[..117] + "...";
}
