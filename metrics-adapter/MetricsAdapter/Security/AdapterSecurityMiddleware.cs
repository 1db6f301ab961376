using KernelTruth.Kubernetes.Reviews;
using KernelTruth.MetricsAdapter.Api;
using Microsoft.AspNetCore.Http;

namespace KernelTruth.MetricsAdapter.Security;

/// <summary>
/// Authentication then authorization for every path but the health probes: unauthenticated → 401,
/// denied → 403, both with a Status body that says why. The authenticated user is left in
/// <see cref="HttpContext.Items"/> under <see cref="UserItem"/>.
/// </summary>
internal sealed class AdapterSecurityMiddleware(RequestDelegate next, RequestAuthenticator authenticator, IAccessReviewer reviewer)
{
    public const string UserItem = "ktruth.user";

    public static bool IsHealthPath(PathString path) =>
        path.Equals("/healthz", StringComparison.Ordinal) || path.Equals("/livez", StringComparison.Ordinal) || path.Equals("/readyz", StringComparison.Ordinal);

    public async Task InvokeAsync(HttpContext context)
    {
        if (IsHealthPath(context.Request.Path))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var (user, failure) = await authenticator.AuthenticateAsync(context).ConfigureAwait(false);
        if (user is null)
        {
            await MetricsAdapterMiddleware.WriteAsync(context, ApiResponse.Unauthorized($"Unauthorized: {failure}")).ConfigureAwait(false);
            return;
        }

        var request = RequestAttributes.From(user, context.Request.Path.Value ?? "/");
        AccessDecision decision;
        try
        {
            decision = await reviewer.ReviewAsync(request, context.RequestAborted).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            await MetricsAdapterMiddleware.WriteAsync(context, ApiResponse.Error(503, "ServiceUnavailable", $"authorization could not be checked (SubjectAccessReview failed): {ex.Message}")).ConfigureAwait(false);
            return;
        }

        if (!decision.Allowed)
        {
            string why = string.IsNullOrEmpty(decision.Reason) ? "" : $": {decision.Reason}";
            await MetricsAdapterMiddleware.WriteAsync(context, ApiResponse.Forbidden($"user '{user.Name}' cannot {request.Describe()}{why}")).ConfigureAwait(false);
            return;
        }

        context.Items[UserItem] = user;
        await next(context).ConfigureAwait(false);
    }
}
