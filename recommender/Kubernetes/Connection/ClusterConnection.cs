using k8s;
using k8s.KubeConfigModels;

namespace KernelTruth.Kubernetes.Connection;

/// <summary>
/// Which API server to talk to, and as whom: a kubeconfig given by path; else, in a pod, the service account;
/// else KUBECONFIG (files merged as kubectl merges them) or ~/.kube/config. KubernetesClient reads the kubeconfig
/// (current context; certificates, tokens, token files and exec credential plugins). Every failure becomes one
/// <see cref="KubernetesConfigurationException"/> line naming the file, or the plugin's command. A context given by
/// name (kubectl's --context) replaces the kubeconfig's current-context and means a kubeconfig is wanted even in a pod.
/// </summary>
public static class ClusterConnection
{
    /// <exception cref="KubernetesConfigurationException">Nothing usable; the message says what to fix.</exception>
    public static KubernetesClientConfiguration Load(
        string? kubeconfig,
        Func<string, string?> env,
        TimeProvider time,
        string serviceAccountDirectory = InClusterConfiguration.DefaultServiceAccountDirectory,
        string? context = null)
    {
        ArgumentNullException.ThrowIfNull(env);
        if (kubeconfig is not null)
        {
            return FromKubeconfig([kubeconfig], context);
        }

        if (context is null && InClusterConfiguration.IsAvailable(env, serviceAccountDirectory))
        {
            return InClusterConfiguration.Load(env, serviceAccountDirectory, time);
        }

        string? list = env("KUBECONFIG");
        string[] paths = !string.IsNullOrEmpty(list)
            ? list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [Path.Combine(env("HOME") ?? "/", ".kube", "config")];
        return paths.Any(File.Exists)
            ? FromKubeconfig(paths, context)
            : throw new KubernetesConfigurationException(
                $"not in a pod (no service account in {serviceAccountDirectory}) and no kubeconfig at {string.Join(Path.PathSeparator, paths)}; give --kubeconfig PATH");
    }

    /// <summary>
    /// One file is read here, so that a failing exec plugin can be named. Several can only come from KUBECONFIG=a:b;
    /// KubernetesClient's default loader, the one that merges them, reads that same variable (and wants every file) and
    /// takes no context; the library's merge is not public, so a named context needs one file.
    /// </summary>
    private static KubernetesClientConfiguration FromKubeconfig(IReadOnlyList<string> paths, string? context)
    {
        string source = string.Join(Path.PathSeparator, paths);
        if (paths.Count == 1 && !File.Exists(paths[0]))
        {
            throw new KubernetesConfigurationException($"kubeconfig {source}: no such file");
        }

        var files = new List<K8SConfiguration>();
        try
        {
            foreach (string path in paths)
            {
                files.Add(KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(path)));
            }

            if (paths.Count > 1 && context is not null)
            {
                throw new KubernetesConfigurationException($"kubeconfig {source}: a context (--context {context}) can be chosen from one file only; give --kubeconfig FILE");
            }

            var config = paths.Count > 1
                ? KubernetesClientConfiguration.BuildDefaultConfig()
                : KubernetesClientConfiguration.BuildConfigFromConfigObject(files[0], context);
            RefuseCredentialsInClearText(config, source);
            return config;
        }
        catch (Exception e) when (e is not KubernetesConfigurationException and not OutOfMemoryException)
        {
            string reason = KubeconfigErrors.Reason(e);
            throw KubeconfigErrors.ExecCommand(files) is { } command && KubeconfigErrors.IsExecFailure(e)
                ? new KubernetesConfigurationException($"kubeconfig {source}: the exec credential plugin '{command}' failed: {reason}", e)
                : new KubernetesConfigurationException($"kubeconfig {source}: {reason}", e);
        }
    }

    private static void RefuseCredentialsInClearText(KubernetesClientConfiguration config, string source)
    {
        bool credentials = config.AccessToken is not null || config.TokenProvider is not null || config.Username is not null
            || config.ClientCertificateData is not null || config.ClientCertificateFilePath is not null;
        if (credentials && config.Host.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            throw new KubernetesConfigurationException($"kubeconfig {source}: server {config.Host} is plain http; credentials would be sent in clear text: use https");
        }
    }
}
