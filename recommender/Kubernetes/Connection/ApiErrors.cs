using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace KernelTruth.Kubernetes.Connection;

/// <summary>
/// What an API failure was: KubernetesClient throws <see cref="HttpOperationException"/> for any non-2xx answer,
/// with the Status body as text; these read the code and reason from it.
/// </summary>
public static class ApiErrors
{
    /// <summary>The HTTP status of an API answer, or null when the exception is not one (no connection, say).</summary>
    public static HttpStatusCode? StatusCode(Exception e) => e is HttpOperationException { Response: { } response } ? response.StatusCode : null;

    /// <summary>The Status the server sent with a failure, or null when it sent none (or not JSON).</summary>
    public static V1Status? Status(Exception e)
    {
        if (e is not HttpOperationException { Response.Content: { Length: > 0 } body })
        {
            return null;
        }

        try
        {
            return KubernetesJson.Deserialize<V1Status>(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static bool IsNotFound(Exception e) => StatusCode(e) == HttpStatusCode.NotFound;

    /// <summary>409 AlreadyExists: a create found the name taken (409 Conflict is a stale resourceVersion).</summary>
    public static bool IsAlreadyExists(Exception e) => StatusCode(e) == HttpStatusCode.Conflict && Status(e)?.Reason == "AlreadyExists";

    public static bool IsConflict(Exception e) => StatusCode(e) == HttpStatusCode.Conflict && Status(e)?.Reason != "AlreadyExists";

    /// <summary>
    /// Whether a call failed on the way or at the server (an answer other than 2xx, no connection, a broken stream, the
    /// client's timeout) rather than by cancellation or a bug: what a controller logs and retries next cycle.
    /// </summary>
    public static bool IsApiFailure(Exception e, CancellationToken ct) =>
        e is HttpOperationException or HttpRequestException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested);

    /// <summary>One line: "500 InternalError: injected fault", or the exception's own message.</summary>
    public static string Describe(Exception e) => e is HttpOperationException { Response: { } response }
        ? Status(e) is { } status
            ? $"{(int)response.StatusCode} {status.Reason}: {status.Message}"
            : $"{(int)response.StatusCode} {response.ReasonPhrase}"
        : e.Message;
}
