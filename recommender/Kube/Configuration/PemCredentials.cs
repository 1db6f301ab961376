using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KernelTruth.Kube.Configuration;

/// <summary>PEM → certificates, with errors that name the field the PEM came from.</summary>
internal static class PemCredentials
{
    public static X509Certificate2Collection CertificateAuthority(string pem, string source, string field)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw new KubeConfigException(source, field, $"not a PEM certificate: {e.Message}", e);
        }

        return collection.Count > 0
            ? collection
            : throw new KubeConfigException(source, field, "holds no PEM certificate");
    }

    public static X509Certificate2 ClientCertificate(string certPem, string keyPem, string source, string certField, string keyField)
    {
        if (!certPem.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            throw new KubeConfigException(source, certField, "holds no PEM certificate");
        }

        if (!keyPem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new KubeConfigException(source, keyField, "holds no PEM private key");
        }

        try
        {
            return X509Certificate2.CreateFromPem(certPem, keyPem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new KubeConfigException(source, keyField, $"the key does not match the certificate or cannot be read: {e.Message}", e);
        }
    }
}
