using KernelTruth.MetricsAdapter.Store;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace KernelTruth.MetricsAdapter.Api;

/// <summary>
/// Serves everything under <c>/apis</c> (discovery, custom and external metrics); other paths go
/// to the next handler. Answers come from the store's current view, through the response cache.
/// </summary>
internal sealed class MetricsAdapterMiddleware(RequestDelegate next, MetricsStore store, ResponseCache cache)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = ApiRequest.Parse(context.Request.Path.Value ?? "");
        if (request.Kind == ApiRequestKind.NotOurs)
        {
            return next(context);
        }

        return WriteAsync(context, Answer(context, request));
    }

    private ApiResponse Answer(HttpContext context, ApiRequest request)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            return ApiResponse.MethodNotAllowed(context.Request.Method);
        }

        if (ContentNegotiation.Refusal(context.Request.Headers.Accept) is { } refusal)
        {
            return ApiResponse.NotAcceptable(refusal);
        }

        switch (request.Kind)
        {
            case ApiRequestKind.NotFound:
                return ApiResponse.NotFound(request.Problem ?? "not found");
            case ApiRequestKind.GroupList:
                return Discovery.GroupList;
            case ApiRequestKind.Group:
                return Discovery.Group(request.Group!);
            case ApiRequestKind.ResourceList:
                return Discovery.ResourceList(request.Group!, request.Version!);
        }

        var view = store.Current;
        string key = context.Request.Path.Value + context.Request.QueryString.Value;
        return cache.GetOrAdd(view, key, () => new MetricQuery(request, Single(context, "labelSelector"), Single(context, "metricLabelSelector")).Render);
    }

    /// <summary>A repeated parameter is joined with ',' (an AND of both selectors, as Kubernetes reads it).</summary>
    private static string? Single(HttpContext context, string name) =>
        context.Request.Query.TryGetValue(name, out var values) ? string.Join(',', values.Where(v => !string.IsNullOrEmpty(v))) : null;

    public static async Task WriteAsync(HttpContext context, ApiResponse response)
    {
        context.Response.StatusCode = response.Code;
        context.Response.ContentType = "application/json";
        byte[] body = response.Body;
        if (body.Length >= ApiResponse.GzipThreshold)
        {
            context.Response.Headers.Vary = "Accept-Encoding";
            if (AcceptsGzip(context.Request.Headers.AcceptEncoding.ToString()))
            {
                body = response.Gzip;
                context.Response.Headers.ContentEncoding = "gzip";
            }
        }

        context.Response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>gzip listed without q=0 (Go's transport sends exactly "gzip").</summary>
    private static bool AcceptsGzip(string acceptEncoding)
    {
        foreach (string part in acceptEncoding.Split(','))
        {
            var p = part.Split(';');
            if (p[0].Trim().Equals("gzip", StringComparison.OrdinalIgnoreCase) && !p.Skip(1).Any(q => q.Trim() is "q=0" or "q=0.0" or "q=0.00" or "q=0.000"))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Refuses targets that are too long, too deep or not UTF-8 before anything else reads them.</summary>
internal sealed class RequestLimitsMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        string raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (context.Request.Path.Value + context.Request.QueryString.Value);
        return RequestLimits.Problem(raw) is { } problem ? MetricsAdapterMiddleware.WriteAsync(context, problem) : next(context);
    }
}
