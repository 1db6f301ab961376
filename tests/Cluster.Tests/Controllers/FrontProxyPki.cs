using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KernelTruth.Cluster.Tests.Controllers;

/// <summary>
/// What the aggregator has: a requestheader CA (its PEM goes into kube-system/extension-apiserver-authentication)
/// and the front proxy's client certificate it signed (CN front-proxy-client, clientAuth).
/// </summary>
internal sealed class FrontProxyPki : IDisposable
{
    public const string ProxyName = "front-proxy-client";

    private FrontProxyPki(X509Certificate2 authority, X509Certificate2 client)
    {
        Authority = authority;
        Client = client;
    }

    public X509Certificate2 Authority { get; }

    public string AuthorityPem => Authority.ExportCertificatePem();

    public X509Certificate2 Client { get; }

    public static FrontProxyPki Create()
    {
        var now = TimeProvider.System.GetUtcNow();
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=test-requestheader-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var authority = caRequest.CreateSelfSigned(now.AddHours(-1), now.AddDays(1));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + ProxyName, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false)); // clientAuth
        using var signed = request.Create(authority, now.AddMinutes(-30), now.AddHours(12), [1, 2, 3, 4]);
        using var withKey = signed.CopyWithPrivateKey(key);

        // Re-imported so SslStream can use the key as a client credential.
        var client = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return new FrontProxyPki(authority, client);
    }

    public void Dispose()
    {
        Authority.Dispose();
        Client.Dispose();
    }
}
