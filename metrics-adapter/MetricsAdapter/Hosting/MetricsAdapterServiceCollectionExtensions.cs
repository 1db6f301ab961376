using KernelTruth.Kubernetes.Reviews;
using KernelTruth.MetricsAdapter.Api;
using KernelTruth.MetricsAdapter.Security;
using KernelTruth.MetricsAdapter.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KernelTruth.MetricsAdapter.Hosting;

/// <summary>
/// The hook for a host (the cluster recommender, <c>ktruth watch --serve</c>):
/// <code>
/// services.AddSingleton&lt;IPodAttributor&gt;(…);          // who each cgroup is
/// services.AddSingleton&lt;IAuthenticationConfigSource&gt;(…); // extension-apiserver-authentication
/// services.AddSingleton&lt;IAccessReviewer&gt;(…);          // SubjectAccessReview
/// services.AddSingleton&lt;ITokenReviewer&gt;(…);           // TokenReview (optional)
/// services.AddKernelTruthMetricsAdapter(new MetricsAdapterOptions());
/// app.UseKernelTruthMetricsAdapter();                 // serves /apis/… (+ health), passes the rest on
/// services.AddSingleton&lt;ILoopSink, MetricsAdapterSink&gt;();  // the recommender loop feeds it each loop
/// </code>
/// Kestrel: <see cref="AdapterKestrel.ListenHttps"/> sets TLS, client certificates and limits.
/// </summary>
public static class MetricsAdapterServiceCollectionExtensions
{
    /// <exception cref="ArgumentException">Invalid options; the message lists every problem.</exception>
    public static IServiceCollection AddKernelTruthMetricsAdapter(this IServiceCollection services, MetricsAdapterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid metrics adapter options: " + string.Join("; ", errors), nameof(options));
        }

        services.AddSingleton(options);
        services.AddSingleton<MetricsStore>();
        if (options.ServeHealth)
        {
            services.AddHealthChecks().Add(new HealthCheckRegistration(
                AdapterReadyHealthCheck.Name,
                sp => new AdapterReadyHealthCheck(sp.GetRequiredService<MetricsStore>(), sp.GetService<AuthenticationConfigCache>()),
                failureStatus: null,
                tags: [AdapterReadyHealthCheck.Tag]));
        }

        services.AddSingleton<ResponseCache>();
        services.AddSingleton<IPublicationPreparer>(sp => sp.GetRequiredService<ResponseCache>()); // hot answers rendered at publication
        services.AddSingleton(sp => new MetricsAdapterFeed(
            sp.GetRequiredService<MetricsStore>(),
            sp.GetRequiredService<IPodAttributor>(),
            options.Window,
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("KernelTruth.MetricsAdapter")));
        if (options.RequireAuthentication)
        {
            services.AddSingleton(sp => new AuthenticationConfigCache(
                sp.GetRequiredService<IAuthenticationConfigSource>(),
                options.AuthenticationRefresh,
                sp.GetService<TimeProvider>() ?? TimeProvider.System,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("KernelTruth.MetricsAdapter.Security")));
            services.AddSingleton(sp => new CertificateVerifier(sp.GetService<TimeProvider>() ?? TimeProvider.System));
            services.AddSingleton(sp =>
            {
                var time = sp.GetService<TimeProvider>() ?? TimeProvider.System;
                var tokens = sp.GetService<ITokenReviewer>();
                return new RequestAuthenticator(
                    sp.GetRequiredService<AuthenticationConfigCache>(),
                    sp.GetRequiredService<CertificateVerifier>(),
                    tokens is null || options.ReviewCacheTtl == TimeSpan.Zero ? tokens : new CachingTokenReviewer(tokens, options.ReviewCacheTtl, time));
            });
            services.AddHostedService<AuthenticationConfigLoader>();
        }

        return services;
    }

    /// <summary>Reads the authentication configuration once at start; the cache re-reads it later.</summary>
    private sealed class AuthenticationConfigLoader(AuthenticationConfigCache cache) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => cache.RefreshAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
