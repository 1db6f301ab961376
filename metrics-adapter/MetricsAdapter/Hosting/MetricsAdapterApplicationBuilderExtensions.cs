using KernelTruth.Kubernetes.Reviews;
using KernelTruth.MetricsAdapter.Api;
using KernelTruth.MetricsAdapter.Security;
using KernelTruth.MetricsAdapter.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

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
            // ASP.NET Core health checks as middleware, not endpoints: the probes must answer here, before
            // authentication, and the adapter also runs in branches (the service's HTTPS) that have no routing.
            var live = new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteReasonAsync };
            app.UseHealthChecks("/healthz", live);
            app.UseHealthChecks("/livez", live);
            app.UseHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(AdapterReadyHealthCheck.Tag), ResponseWriter = WriteReasonAsync });
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

    /// <summary>/healthz and /livez: the process answers ("ok"). /readyz: "ok", or why not (503).</summary>
    private static Task WriteReasonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(
            report.Status == HealthStatus.Healthy ? "ok" : string.Join("; ", report.Entries.Values.Where(e => e.Status != HealthStatus.Healthy).Select(e => e.Description)),
            context.RequestAborted);
    }
}
