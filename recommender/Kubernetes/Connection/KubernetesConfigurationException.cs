namespace KernelTruth.Kubernetes.Connection;

/// <summary>
/// No usable connection to an API server: a kubeconfig that does not load, an exec credential plugin that failed,
/// service-account files that are missing. The message is one line that says which file (or plugin) and what is wrong.
/// </summary>
public sealed class KubernetesConfigurationException(string message, Exception? innerException = null)
    : Exception(message, innerException);
