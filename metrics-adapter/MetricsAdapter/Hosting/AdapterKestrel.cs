using System.Net;
using System.Security.Cryptography.X509Certificates;
using KernelTruth.MetricsAdapter.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace KernelTruth.MetricsAdapter.Hosting;

/// <summary>Kestrel settings the adapter needs.</summary>
public static class AdapterKestrel
{
    /// <summary>HTTPS on <paramref name="endpoint"/> with a fixed certificate (tests, benchmarks).</summary>
    public static void ListenHttps(KestrelServerOptions kestrel, IPEndPoint endpoint, X509Certificate2 certificate) =>
        ListenHttps(kestrel, endpoint, ServingCertificate.Fixed(certificate));

    /// <summary>
    /// HTTPS on <paramref name="endpoint"/> with <paramref name="certificate"/>, asked for on every handshake so
    /// a rotated certificate is presented to the next connection. Client certificates
    /// are asked for but not required, and any is let through the handshake: the adapter checks
    /// them itself against the CA the request is to be trusted by (requestheader or client CA),
    /// which TLS cannot know. Request lines are capped at 64 KiB (Kestrel answers 414 beyond).
    /// </summary>
    public static void ListenHttps(KestrelServerOptions kestrel, IPEndPoint endpoint, ServingCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(certificate);
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxRequestLineSize = RequestLimits.MaxRequestLine;
        kestrel.Listen(endpoint, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificateSelector = (_, _) => certificate.Current,
            ClientCertificateMode = ClientCertificateMode.AllowCertificate,
            ClientCertificateValidation = (_, _, _) => true,
        }));
    }
}
