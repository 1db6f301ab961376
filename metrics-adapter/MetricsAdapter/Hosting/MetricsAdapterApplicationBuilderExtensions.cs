using KernelTruth.MetricsAdapter.Api;
using KernelTruth.MetricsAdapter.Security;
using KernelTruth.MetricsAdapter.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace KernelTruth.MetricsAdapter.Hosting;

public static class MetricsAdapterApplicationBuilderExtensions
{
    /// <summary>
    /// Request limits, then (when required) authentication and authorization, then /apis/… and the
    /// health probes; other paths continue down the pipeline behind the same security.
    /// </summary>
    /// <exception cref="InvalidOperationException">Authentication is required but no access reviewer or configuration source is registered.</exception>
    public static IApplicationBuilder UseKernelTruthMetricsAdapter(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ApplicationServices.GetRequiredService<MetricsAdapterOptions>();
        app.UseMiddleware<RequestLimitsMiddleware>();
        if (options.ServeHealth)
        {
            var store = app.ApplicationServices.GetRequiredService<MetricsStore>();
            var config = options.RequireAuthentication ? app.ApplicationServices.GetRequiredService<AuthenticationConfigCache>() : null;
            app.Use((context, next) => AdapterSecurityMiddleware.IsHealthPath(context.Request.Path)
                ? Health(context, store, config)
                : next(context));
        }

        if (options.RequireAuthentication)
        {
            var reviewer = app.ApplicationServices.GetService<IAccessReviewer>()
                ?? throw new InvalidOperationException("the metrics adapter requires authentication but no IAccessReviewer (SubjectAccessReview) is registered");
            var time = app.ApplicationServices.GetService<TimeProvider>() ?? TimeProvider.System;
            if (options.ReviewCacheTtl > TimeSpan.Zero)
            {
                reviewer = new CachingAccessReviewer(reviewer, options.ReviewCacheTtl, time);
            }

            app.UseMiddleware<AdapterSecurityMiddleware>(reviewer);
        }

        app.UseMiddleware<MetricsAdapterMiddleware>();
        return app;
    }

    /// <summary>/healthz and /livez: the process answers. /readyz: values published and, with authentication, its configuration read.</summary>
    private static Task Health(HttpContext context, MetricsStore store, AuthenticationConfigCache? config)
    {
        string? notReady = context.Request.Path.Equals("/readyz", StringComparison.Ordinal)
            ? !store.HasPublished ? "no metrics published yet" : config is { Loaded: false } ? "authentication configuration not read yet" : null
            : null;
        context.Response.StatusCode = notReady is null ? 200 : 503;
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(notReady ?? "ok", context.RequestAborted);
    }
}
