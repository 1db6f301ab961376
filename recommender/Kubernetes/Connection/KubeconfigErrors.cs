using k8s.KubeConfigModels;

namespace KernelTruth.Kubernetes.Connection;

/// <summary>KubernetesClient's kubeconfig errors, turned into one line a person can act on.</summary>
internal static class KubeconfigErrors
{
    /// <summary>The library reports every exec plugin failure with this prefix.</summary>
    public static bool IsExecFailure(Exception e) => e.Message.StartsWith("external exec", StringComparison.Ordinal);

    /// <summary>
    /// The command of the exec plugin the current context's user runs, or null. The first file that defines the
    /// current context, the context and the user wins, as kubectl merges files.
    /// </summary>
    public static string? ExecCommand(IReadOnlyList<K8SConfiguration> files)
    {
        string? contextName = files.Select(f => f.CurrentContext).FirstOrDefault(c => !string.IsNullOrEmpty(c));
        string? userName = files.SelectMany(f => f.Contexts ?? []).FirstOrDefault(c => c.Name == contextName)?.ContextDetails?.User;
        return files.SelectMany(f => f.Users ?? []).FirstOrDefault(u => u.Name == userName)?.UserCredentials?.ExternalExecution?.Command;
    }

    /// <summary>
    /// The first line of the library's message, without its "external exec failed due to" preamble or a CLR type
    /// name; an exec plugin that printed no ExecCredential is said so in words.
    /// </summary>
    public static string Reason(Exception e)
    {
        if (e is YamlDotNet.Core.YamlException yaml)
        {
            return $"not valid YAML at line {yaml.Start.Line}, column {yaml.Start.Column}: {yaml.Message.Trim()}";
        }

        string message = e.Message.Split('\n', 2)[0].Trim();
        if (IsExecFailure(e))
        {
            if (message.Contains("deserialization", StringComparison.Ordinal))
            {
                return "it did not print an ExecCredential (JSON) on stdout";
            }

            if (message.Contains("timeout", StringComparison.Ordinal))
            {
                return "it did not finish in time";
            }

            message = message.Replace("external exec failed due to: ", "", StringComparison.Ordinal)
                .Replace("external exec failed due to uncaught exception: ", "", StringComparison.Ordinal)
                .Replace("external exec failed ", "", StringComparison.Ordinal);
        }

        int typeEnd = message.IndexOf("Exception: ", StringComparison.Ordinal);
        return typeEnd >= 0 && !message[..typeEnd].Contains(' ', StringComparison.Ordinal) ? message[(typeEnd + "Exception: ".Length)..] : message;
    }
}
