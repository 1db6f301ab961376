using System.Globalization;
using System.Security.Cryptography;
using k8s;

namespace KernelTruth.Kubernetes.Connection;

/// <summary>
/// What a pod is given: KUBERNETES_SERVICE_HOST/PORT and the service-account files the kubelet mounts (token,
/// ca.crt, namespace). As KubernetesClient's InClusterConfig, but from any directory and with the token re-read on
/// an injected clock (<see cref="ServiceAccountToken"/>), so both are tested.
/// </summary>
public static class InClusterConfiguration
{
    public const string DefaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    public static bool IsAvailable(Func<string, string?> env, string serviceAccountDirectory) =>
        !string.IsNullOrEmpty(env("KUBERNETES_SERVICE_HOST")) && File.Exists(Path.Combine(serviceAccountDirectory, "token"));

    /// <exception cref="KubernetesConfigurationException">A variable or file is missing or bad; the message names it.</exception>
    public static KubernetesClientConfiguration Load(Func<string, string?> env, string serviceAccountDirectory, TimeProvider time, TimeSpan? tokenRefreshInterval = null)
    {
        ArgumentNullException.ThrowIfNull(env);
        string? host = env("KUBERNETES_SERVICE_HOST"), port = env("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host))
        {
            throw new KubernetesConfigurationException("in-cluster: KUBERNETES_SERVICE_HOST is not set (not running in a pod)");
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int portNumber) || portNumber is < 1 or > 65535)
        {
            throw new KubernetesConfigurationException($"in-cluster: KUBERNETES_SERVICE_PORT '{port}' is not a TCP port");
        }

        string caPath = Path.Combine(serviceAccountDirectory, "ca.crt");
        if (!File.Exists(caPath))
        {
            throw new KubernetesConfigurationException($"in-cluster: {caPath} is missing; it is needed to trust the API server");
        }

        // An IPv6 service address needs brackets in a URL ("fd00::1" → "https://[fd00::1]:443").
        string authority = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{portNumber}" : $"{host}:{portNumber}";
        string namespacePath = Path.Combine(serviceAccountDirectory, "namespace");
        string ns = File.Exists(namespacePath) ? File.ReadAllText(namespacePath).Trim() : "";
        return new KubernetesClientConfiguration
        {
            Host = $"https://{authority}",
            SslCaCerts = Authority(caPath),
            TokenProvider = new ServiceAccountToken(Path.Combine(serviceAccountDirectory, "token"), time, tokenRefreshInterval),
            Namespace = ns.Length > 0 ? ns : "default",
        };
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2Collection Authority(string caPath)
    {
        try
        {
            var certificates = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
            certificates.ImportFromPemFile(caPath);
            return certificates.Count > 0 ? certificates : throw new KubernetesConfigurationException($"in-cluster: {caPath} holds no PEM certificate");
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new KubernetesConfigurationException($"in-cluster: {caPath} is not a PEM certificate: {e.Message}", e);
        }
    }
}
