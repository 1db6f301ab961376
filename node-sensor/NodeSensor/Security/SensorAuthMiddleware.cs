using KernelTruth.Kubernetes.Reviews;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KernelTruth.NodeSensor.Security;

/// <summary>
/// <see cref="SensorAuth.Kubernetes"/> for every path but the health probes: the bearer token is reviewed
/// (TokenReview), then the user must be allowed to <c>get</c> the path as a non-resource URL (SubjectAccessReview:
/// e.g. <c>nonResourceURLs: ["/v1/snapshot"], verbs: ["get"]</c> in a ClusterRole). No token or a rejected one → 401,
/// not allowed → 403, a review the API server could not answer → 503; each with a one-line reason as text. Reviews
/// are cached by the reviewers given (<see cref="SensorSecurity"/>), so a scrape costs nothing once its token is known.
/// </summary>
internal sealed partial class SensorAuthMiddleware(RequestDelegate next, ITokenReviewer tokens, IAccessReviewer access, ILogger<SensorAuthMiddleware> logger)
{
    public static bool IsOpen(PathString path) =>
        path.Equals("/healthz", StringComparison.Ordinal) || path.Equals("/readyz", StringComparison.Ordinal);

    public async Task InvokeAsync(HttpContext context)
    {
        string path = context.Request.Path.Value ?? "/";
        if (IsOpen(context.Request.Path))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        string header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            Log.Refused(logger, path, "no bearer token");
            await WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized: send a service-account token as 'Authorization: Bearer TOKEN'").ConfigureAwait(false);
            return;
        }

        UserInfo? user;
        try
        {
            user = await tokens.ReviewAsync(header[7..].Trim(), context.RequestAborted).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            Log.ReviewFailed(logger, path, ex.Message);
            await WriteAsync(context, StatusCodes.Status503ServiceUnavailable, $"the bearer token could not be reviewed: {ex.Message}").ConfigureAwait(false);
            return;
        }

        if (user is null)
        {
            Log.Refused(logger, path, "token rejected by TokenReview");
            await WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized: the bearer token was rejected by TokenReview").ConfigureAwait(false);
            return;
        }

        var request = new AccessRequest(user, Verb(context.Request.Method), null, null, null, null, null, null, path);
        AccessDecision decision;
        try
        {
            decision = await access.ReviewAsync(request, context.RequestAborted).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            Log.ReviewFailed(logger, path, ex.Message);
            await WriteAsync(context, StatusCodes.Status503ServiceUnavailable, $"authorization could not be checked (SubjectAccessReview failed): {ex.Message}").ConfigureAwait(false);
            return;
        }

        if (!decision.Allowed)
        {
            Log.Denied(logger, user.Name, request.Describe());
            string why = string.IsNullOrEmpty(decision.Reason) ? "" : $": {decision.Reason}";
            await WriteAsync(context, StatusCodes.Status403Forbidden, $"Forbidden: user '{user.Name}' cannot {request.Describe()}{why}").ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    /// <summary>The verb the API server's request-info resolver gives an HTTP method of a non-resource request.</summary>
    internal static string Verb(string method) => method.ToUpperInvariant() switch
    {
        "GET" or "HEAD" => "get",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" => "delete",
        _ => method.ToLowerInvariant(),
    };

    private static Task WriteAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message + "\n", context.RequestAborted);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1401, Level = LogLevel.Debug, Message = "Refused {Path}: {Reason}")]
        public static partial void Refused(ILogger logger, string path, string reason);

        [LoggerMessage(EventId = 1402, Level = LogLevel.Debug, Message = "Denied: user '{User}' cannot {Request}")]
        public static partial void Denied(ILogger logger, string user, string request);

        [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "A review for {Path} failed; the request was answered 503: {Reason}")]
        public static partial void ReviewFailed(ILogger logger, string path, string reason);
    }
}
