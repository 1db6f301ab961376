using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KernelTruth.Kube.Configuration;
using KernelTruth.Kube.Model;
using Microsoft.Extensions.Logging;

namespace KernelTruth.Kube.Client;

/// <summary>
/// One request with authentication, a timeout and retries: 429 for every verb (the server did
/// not act on it), 5xx, timeouts and broken connections only for idempotent ones, and
/// connection failures before anything was sent for every verb. A create is never retried after
/// a timeout: the server may have applied it.
/// </summary>
internal sealed class KubeTransport : IDisposable
{
    private readonly HttpClient _http;
    private readonly KubeClientConfig _config;
    private readonly KubeClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public KubeTransport(KubeClientConfig config, KubeClientOptions options, TimeProvider time, ILogger logger)
    {
        _config = config;
        _options = options;
        _time = time;
        _logger = logger;

        // Timeouts are per request (below) so that watches can stay open.
        _http = new HttpClient(KubeHttpHandlerFactory.Create(config), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>
    /// Sends until success or a non-retriable answer. <paramref name="streaming"/> returns after the
    /// headers so the caller reads the body as it arrives (watch).
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(KubeRequest request, CancellationToken ct)
    {
        var tokenRefreshed = false;
        for (var attempt = 0; ; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
            using var message = BuildMessage(request);

            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(
                    message,
                    request.Streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead,
                    linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                if (!request.Idempotent)
                {
                    throw new TimeoutException(
                        $"{request.Verb} {request.Path}: no answer within {_options.RequestTimeout.TotalSeconds:0.#} s; " +
                        "not retried because the server may have applied it", e);
                }

                await BackoffOrThrowAsync(request, attempt, "timed out", null, e, ct).ConfigureAwait(false);
                continue;
            }
            catch (HttpRequestException e) when (!ct.IsCancellationRequested)
            {
                if (!request.Idempotent && !NeverSent(e))
                {
                    throw;
                }

                await BackoffOrThrowAsync(request, attempt, e.Message, null, e, ct).ConfigureAwait(false);
                continue;
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                var status = await ReadStatusAsync(response, ct).ConfigureAwait(false);
                var failure = new KubeApiException(request.Verb, request.Path, status);

                if (response.StatusCode == HttpStatusCode.Unauthorized && !tokenRefreshed
                    && _config.Token?.TryRefreshAfterUnauthorized() == true)
                {
                    tokenRefreshed = true;
                    KubeClientLog.TokenRefreshed(_logger, request.Verb, request.Path, _config.Token.FilePath);
                    attempt--; // a rotated token is not a failure of the server
                    continue;
                }

                var retriable = response.StatusCode == HttpStatusCode.TooManyRequests
                    || (request.Idempotent && IsRetriableServerError(response.StatusCode));
                if (!retriable)
                {
                    throw failure;
                }

                await BackoffOrThrowAsync(request, attempt, $"{status.Code} {status.Reason}", RetryAfter(response), failure, ct)
                    .ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private HttpRequestMessage BuildMessage(KubeRequest request)
    {
        var message = new HttpRequestMessage(request.Method, new Uri(_config.Server, request.PathAndQuery));
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (_config.Token is { } token)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Current);
        }

        if (request.Body is { } body)
        {
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue(request.ContentType ?? "application/json");
        }

        return message;
    }

    private async Task BackoffOrThrowAsync(
        KubeRequest request, int attempt, string reason, TimeSpan? retryAfter, Exception failure, CancellationToken ct)
    {
        if (attempt >= _options.MaxRetries)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        var delay = retryAfter is { } after
            ? TimeSpan.FromTicks(Math.Min(after.Ticks, _options.MaxBackoff.Ticks))
            : Backoff.Delay(attempt, _options.InitialBackoff, _options.MaxBackoff);
        KubeClientLog.Retrying(_logger, request.Verb, request.Path, reason, attempt + 1, (long)delay.TotalMilliseconds);
        await Task.Delay(delay, _time, ct).ConfigureAwait(false);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>501 means "never"; the other 5xx may pass.</summary>
    private static bool IsRetriableServerError(HttpStatusCode code) =>
        (int)code >= 500 && code != HttpStatusCode.NotImplemented;

    /// <summary>Failures before the request left this process: safe to retry even a create.</summary>
    private static bool NeverSent(HttpRequestException e) =>
        e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;

    internal static async Task<KubeStatus> ReadStatusAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        try
        {
            if (text.Length > 0 && JsonSerializer.Deserialize(text, KubeJsonContext.Default.KubeStatus) is { Code: > 0 } status)
            {
                return status;
            }
        }
        catch (JsonException)
        {
            // Not a Status body (a proxy's HTML page, say): describe it below.
        }

        return new KubeStatus
        {
            Kind = "Status",
            Status = "Failure",
            Code = (int)response.StatusCode,
            Reason = response.ReasonPhrase ?? response.StatusCode.ToString(),
            Message = text.Length > 200 ? text[..200] : text,
        };
    }
}

/// <summary>One API request as the transport needs it; the body is bytes so it can be sent again.</summary>
internal sealed record KubeRequest(string Verb, HttpMethod Method, string Path, string PathAndQuery, bool Idempotent)
{
    public byte[]? Body { get; init; }
    public string? ContentType { get; init; }
    public bool Streaming { get; init; }
}

/// <summary>Exponential backoff with equal jitter: attempt n waits between d/2 and d, d = initial · 2ⁿ capped.</summary>
internal static class Backoff
{
    // Example: initial 200 ms, attempt 3 ⇒ d = 1.6 s ⇒ a wait in [0.8 s, 1.6 s).
    public static TimeSpan Delay(int attempt, TimeSpan initial, TimeSpan max)
    {
        var exponential = initial.Ticks * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(exponential, max.Ticks);
        return TimeSpan.FromTicks((long)(capped / 2 + (Random.Shared.NextDouble() * capped / 2)));
    }
}

internal static class QueryString
{
    public static string Build(string path, params (string Key, string? Value)[] parameters)
    {
        var builder = new StringBuilder(path);
        var separator = '?';
        foreach (var (key, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }

            builder.Append(separator).Append(key).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return builder.ToString();
    }
}
