using KernelTruth.MetricsAdapter.Hosting;

namespace KernelTruth.Service.Adapter;

/// <summary>
/// The adapter's serving certificate: --tls-cert/--tls-key when given; else the mounted Secret
/// (deploy/: ktruth-adapter-tls at /etc/ktruth/tls) when both files exist; else a self-signed one for the
/// in-cluster Service names, which the aggregator will not trust (the caller logs that).
/// </summary>
internal static class AdapterTls
{
    public const string DefaultDirectory = "/etc/ktruth/tls";

    /// <summary>The PEM files to load, or (null, null) for a self-signed certificate.</summary>
    public static (string? Cert, string? Key) Files(ServiceOptions options, string defaultDirectory, Func<string, bool> fileExists)
    {
        if (options.TlsCert is not null || options.TlsKey is not null)
        {
            return (options.TlsCert, options.TlsKey);
        }

        string cert = Path.Combine(defaultDirectory, "tls.crt"), key = Path.Combine(defaultDirectory, "tls.key");
        return fileExists(cert) && fileExists(key) ? (cert, key) : (null, null);
    }

    /// <summary>The serving certificate, re-read as the files rotate; self-signed when no files were found.</summary>
    /// <exception cref="ArgumentException">A given file does not load; the message names it.</exception>
    public static ServingCertificate Load(ServiceOptions options, TimeProvider time, string defaultDirectory = DefaultDirectory)
    {
        var (cert, key) = Files(options, defaultDirectory, File.Exists);
        string ns = options.Cluster.Namespace;
        return ServingCertificate.LoadOrCreate(cert, key, time, ["ktruth-adapter", $"ktruth-adapter.{ns}", $"ktruth-adapter.{ns}.svc"]);
    }
}
