namespace KernelTruth.Kube.Configuration;

/// <summary>
/// The configuration a pod gets: KUBERNETES_SERVICE_HOST/PORT and the service-account files
/// (token, ca.crt, namespace) the kubelet mounts. The token is re-read as it rotates.
/// </summary>
public static class InClusterConfig
{
    public const string DefaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    public static bool IsAvailable(Func<string, string?> env, string serviceAccountDirectory) =>
        !string.IsNullOrEmpty(env("KUBERNETES_SERVICE_HOST"))
        && File.Exists(Path.Combine(serviceAccountDirectory, "token"));

    public static KubeClientConfig Load(
        Func<string, string?> env,
        string serviceAccountDirectory = DefaultServiceAccountDirectory,
        TimeProvider? time = null,
        TimeSpan? tokenRefreshInterval = null)
    {
        var host = env("KUBERNETES_SERVICE_HOST");
        var port = env("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host))
        {
            throw new KubeConfigException("environment", "KUBERNETES_SERVICE_HOST", "not set: not running in a pod");
        }

        if (string.IsNullOrEmpty(port) || !int.TryParse(port, out var portNumber) || portNumber is <= 0 or > 65535)
        {
            throw new KubeConfigException("environment", "KUBERNETES_SERVICE_PORT", $"'{port}' is not a TCP port");
        }

        // An IPv6 service address needs brackets in a URI.
        var authority = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{portNumber}" : $"{host}:{portNumber}";
        var tokenPath = Path.Combine(serviceAccountDirectory, "token");
        var caPath = Path.Combine(serviceAccountDirectory, "ca.crt");
        var namespacePath = Path.Combine(serviceAccountDirectory, "namespace");

        if (!File.Exists(caPath))
        {
            throw new KubeConfigException(caPath, "ca.crt", "missing: the service-account CA is needed to trust the API server");
        }

        var ns = File.Exists(namespacePath) ? File.ReadAllText(namespacePath).Trim() : "";
        return new KubeClientConfig
        {
            Server = new Uri($"https://{authority}"),
            CertificateAuthority = PemCredentials.CertificateAuthority(File.ReadAllText(caPath), caPath, "ca.crt"),
            Token = KubeTokenSource.FromFile(tokenPath, tokenRefreshInterval, time),
            Namespace = ns.Length > 0 ? ns : "default",
            Description = $"in-cluster service account ({serviceAccountDirectory})",
        };
    }
}
