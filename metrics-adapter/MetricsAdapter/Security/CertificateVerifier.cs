using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;

namespace KernelTruth.MetricsAdapter.Security;

/// <summary>
/// Whether a client certificate chains to one of a set of CAs (and is valid now and usable for
/// client authentication). Building a chain costs far more than a request: results are kept per
/// certificate, CA set generation and minute.
/// </summary>
internal sealed class CertificateVerifier(TimeProvider time)
{
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";
    private readonly ConcurrentDictionary<string, bool> _results = new(StringComparer.Ordinal);

    public bool ChainsTo(X509Certificate2 cert, X509Certificate2Collection roots, string rootsName, long generation)
    {
        if (roots.Count == 0)
        {
            return false;
        }

        var now = time.GetUtcNow();
        string key = $"{cert.Thumbprint}|{rootsName}|{generation}|{now.ToUnixTimeSeconds() / 60}";
        if (_results.TryGetValue(key, out bool ok))
        {
            return ok;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(ClientAuthOid));
        ok = chain.Build(cert);
        if (_results.Count > 4096)
        {
            _results.Clear();
        }

        _results[key] = ok;
        return ok;
    }
}
