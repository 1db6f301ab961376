using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using KernelTruth.Kube.Configuration;

namespace KernelTruth.Kube.Client;

/// <summary>The TLS side of a <see cref="KubeClientConfig"/>: which server certificate to trust, which client certificate to show.</summary>
internal static class KubeHttpHandlerFactory
{
    public static SocketsHttpHandler Create(KubeClientConfig config)
    {
        var handler = new SocketsHttpHandler
        {
            // Re-resolve the service address now and then (API server endpoints move).
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = System.Net.DecompressionMethods.All,
        };

        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            IsTrusted(config, certificate, chain, errors);

        if (config.ClientCertificate is { } clientCertificate)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];

            // Without this, SslStream offers the certificate only when its issuer is in the server's
            // acceptable-CA list, which many servers leave empty.
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        }

        return handler;
    }

    internal static bool IsTrusted(KubeClientConfig config, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (config.InsecureSkipTlsVerify)
        {
            return true;
        }

        if (config.CertificateAuthority is null)
        {
            return errors == SslPolicyErrors.None;
        }

        // Host-name mismatch or no certificate are never fixed by a private CA.
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(config.CertificateAuthority);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf);
    }
}
