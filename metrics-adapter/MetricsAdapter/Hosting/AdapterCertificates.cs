using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KernelTruth.MetricsAdapter.Hosting;

/// <summary>The serving certificate: a provided PEM pair, or a self-signed one made at start (development, single host).</summary>
public static class AdapterCertificates
{
    /// <exception cref="ArgumentException">Only one of the two files given, or they do not load; the message names the file.</exception>
    public static X509Certificate2 LoadOrCreate(string? certFile, string? keyFile, TimeProvider time, IEnumerable<string>? extraNames = null)
    {
        if (certFile is null && keyFile is null)
        {
            return CreateSelfSigned(time, extraNames ?? []);
        }

        if (certFile is null || keyFile is null)
        {
            throw new ArgumentException("give both the TLS certificate and its key (PEM files), or neither for a self-signed one");
        }

        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certFile, keyFile);
            // Re-imported so the key is usable by SslStream on every platform.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"TLS certificate '{certFile}' / key '{keyFile}' could not be loaded: {ex.Message}", ex);
        }
    }

    /// <summary>ECDSA P-256, CN kernel-truth, for localhost, 127.0.0.1, ::1 and the extra names; valid one year.</summary>
    public static X509Certificate2 CreateSelfSigned(TimeProvider time, IEnumerable<string> extraNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kernel-truth", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        foreach (string name in extraNames)
        {
            if (IPAddress.TryParse(name, out var ip))
            {
                san.AddIpAddress(ip);
            }
            else
            {
                san.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // serverAuth
        var now = time.GetUtcNow();
        using var cert = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }
}
