using System.Security.Cryptography.X509Certificates;

namespace KernelTruth.Kube.Configuration;

/// <summary>
/// Everything needed to reach one API server. Built by <see cref="KubeConfigFile"/> (kubeconfig),
/// <see cref="InClusterConfig"/> (service account) or by hand (tests).
/// </summary>
public sealed class KubeClientConfig
{
    public required Uri Server { get; init; }

    /// <summary>Trust roots for the server certificate; null means the system store.</summary>
    public X509Certificate2Collection? CertificateAuthority { get; init; }

    /// <summary>Client certificate with its private key, for certificate authentication.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Bearer token source; null when authentication is by certificate only.</summary>
    public KubeTokenSource? Token { get; init; }

    /// <summary>Honoured only when the configuration sets it explicitly.</summary>
    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>The namespace of the current context or service account ("default" when none).</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>Where this came from, for log lines and errors ("kubeconfig /root/.kube/config context kind").</summary>
    public string Description { get; init; } = "explicit";

    /// <summary>
    /// In a pod (KUBERNETES_SERVICE_HOST set and a service-account token present) the in-cluster
    /// configuration, otherwise the kubeconfig from KUBECONFIG or ~/.kube/config.
    /// </summary>
    public static KubeClientConfig Load(TimeProvider? time = null)
    {
        var env = EnvironmentLookup.Process;
        return InClusterConfig.IsAvailable(env, InClusterConfig.DefaultServiceAccountDirectory)
            ? InClusterConfig.Load(env, InClusterConfig.DefaultServiceAccountDirectory, time)
            : KubeConfigFile.Load(KubeConfigFile.DefaultPaths(env), context: null, time);
    }
}

/// <summary>Environment reads behind a delegate so tests need not change the process environment.</summary>
public static class EnvironmentLookup
{
    public static Func<string, string?> Process { get; } = Environment.GetEnvironmentVariable;
}
