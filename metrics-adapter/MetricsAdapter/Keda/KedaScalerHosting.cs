using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace KernelTruth.MetricsAdapter.Keda;

/// <summary>
/// The hook for a host that also serves KEDA's external scaler, beside the metrics adapter (which it reads):
/// <code>
/// services.AddKernelTruthMetricsAdapter(…);
/// services.AddKernelTruthKedaScaler();
/// kestrel: KedaScalerHosting.Listen(kestrel, endpoint);   // plaintext HTTP/2, what KEDA dials by default
/// app.UseKernelTruthKedaScaler(c => c.Connection.LocalPort == endpoint.Port);   // gRPC on that port only
/// </code>
/// </summary>
public static class KedaScalerHosting
{
    public static IServiceCollection AddKernelTruthKedaScaler(this IServiceCollection services)
    {
        services.AddGrpc();
        return services;
    }

    /// <summary>
    /// gRPC without TLS needs an HTTP/2-only endpoint (there is no ALPN to agree on HTTP/2): KEDA's
    /// external trigger dials plaintext unless its TriggerAuthentication supplies TLS material.
    /// </summary>
    public static void Listen(KestrelServerOptions kestrel, IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        kestrel.Listen(endpoint, listen => listen.Protocols = HttpProtocols.Http2);
    }

    /// <summary>
    /// The ExternalScaler service in its own branch, for the connections <paramref name="kedaConnection"/> picks
    /// (the scaler's port): not on the health or adapter ports. By the connection's local port, not the Host
    /// header, which names the Service's port and may differ from the container's.
    /// </summary>
    public static IApplicationBuilder UseKernelTruthKedaScaler(this IApplicationBuilder app, Func<HttpContext, bool> kedaConnection) =>
        app.MapWhen(kedaConnection, keda =>
        {
            keda.UseRouting();
            keda.UseEndpoints(endpoints => endpoints.MapGrpcService<KedaExternalScaler>());
        });
}
