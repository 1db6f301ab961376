using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KernelTruth.Kube.TestServer;

/// <summary>A client certificate minted by the test server's CA, as PEM and as a certificate with its key.</summary>
public sealed record TestClientCertificate(string CertificatePem, string KeyPem, X509Certificate2 Certificate);

/// <summary>
/// A throwaway CA (ECDSA P-256: fast to generate), the server's certificate for 127.0.0.1 and
/// localhost, and client certificates whose CN is the user and O entries the groups, as
/// the API server reads them.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private readonly ECDsa _caKey;

    public TestCertificates(TimeProvider time)
    {
        var now = time.GetUtcNow();
        NotBefore = now.AddMinutes(-5);
        NotAfter = now.AddDays(1);
        _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kube-test-server-ca", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Authority = request.CreateSelfSigned(NotBefore, NotAfter);
        AuthorityPem = Authority.ExportCertificatePem();
        Server = Reload(Issue("CN=127.0.0.1", serverAuth: true, out _));
    }

    public DateTimeOffset NotBefore { get; }
    public DateTimeOffset NotAfter { get; }
    public X509Certificate2 Authority { get; }
    public string AuthorityPem { get; }
    public X509Certificate2 Server { get; }

    public TestClientCertificate MintClient(string user, IEnumerable<string> groups)
    {
        var subject = new X500DistinguishedNameBuilder();
        foreach (var group in groups)
        {
            subject.AddOrganizationName(group);
        }

        subject.AddCommonName(user);
        var certificate = Issue(subject.Build().Name, serverAuth: false, out var key);
        var certificatePem = certificate.ExportCertificatePem();
        var keyPem = key.ExportPkcs8PrivateKeyPem();
        return new TestClientCertificate(certificatePem, keyPem, X509Certificate2.CreateFromPem(certificatePem, keyPem));
    }

    /// <summary>Chains to our CA and is a client certificate: then its CN and O are the identity.</summary>
    public bool IsOurClientCertificate(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    public void Dispose()
    {
        _caKey.Dispose();
        Authority.Dispose();
        Server.Dispose();
    }

    private X509Certificate2 Issue(string subject, bool serverAuth, out ECDsa key)
    {
        key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [serverAuth ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }

        var serial = new byte[12];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7f; // a positive serial number
        using var issued = request.Create(Authority, NotBefore, NotAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Kestrel wants a certificate whose key it can use from any thread: round-trip through PKCS#12.</summary>
    private static X509Certificate2 Reload(X509Certificate2 certificate)
    {
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }
}
