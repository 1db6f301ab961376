using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KernelTruth.Kube.Configuration;

/// <summary>
/// kubeconfig: the current (or named) context's cluster (server, CA, insecure-skip-tls-verify)
/// and user (client certificate/key, token, tokenFile). Several files (KUBECONFIG=a:b) merge as
/// kubectl merges them: the first file that names a cluster, user or context wins, and the first
/// current-context set wins. exec and auth-provider plugins are refused with a clear error.
/// </summary>
public static class KubeConfigFile
{
    public static IReadOnlyList<string> DefaultPaths(Func<string, string?> env)
    {
        var list = env("KUBECONFIG");
        if (!string.IsNullOrEmpty(list))
        {
            return list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        var home = env("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return [Path.Combine(home, ".kube", "config")];
    }

    public static KubeClientConfig Load(string path, string? context = null, TimeProvider? time = null) =>
        Load([path], context, time);

    public static KubeClientConfig Load(IReadOnlyList<string> paths, string? context = null, TimeProvider? time = null)
    {
        var documents = new List<KubeConfigDocument>();
        foreach (var path in paths)
        {
            if (!File.Exists(path))
            {
                continue; // kubectl skips missing entries of KUBECONFIG too
            }

            documents.Add(KubeConfigDocument.Parse(File.ReadAllText(path), Path.GetFullPath(path)));
        }

        if (documents.Count == 0)
        {
            throw new KubeConfigException(string.Join(Path.PathSeparator, paths), "file", "no kubeconfig file exists");
        }

        return Resolve(documents, context, time);
    }

    /// <summary>Parses kubeconfig text; relative file paths resolve against <paramref name="sourcePath"/>'s directory.</summary>
    public static KubeClientConfig Parse(string yaml, string sourcePath, string? context = null, TimeProvider? time = null) =>
        Resolve([KubeConfigDocument.Parse(yaml, sourcePath)], context, time);

    private static KubeClientConfig Resolve(List<KubeConfigDocument> documents, string? context, TimeProvider? time)
    {
        var first = documents[0].Source;
        var contextName = context ?? documents.Select(d => d.CurrentContext).FirstOrDefault(c => !string.IsNullOrEmpty(c));
        if (string.IsNullOrEmpty(contextName))
        {
            throw new KubeConfigException(first, "current-context", "not set and no context was given");
        }

        var (contextEntry, contextSource) = Find(documents, d => d.Contexts, contextName, first, "contexts");
        var clusterName = contextEntry.Scalar("cluster", contextSource.Source, $"contexts[{contextName}].context")
            ?? throw new KubeConfigException(contextSource.Source, $"contexts[{contextName}].context.cluster", "missing");
        var userName = contextEntry.Scalar("user", contextSource.Source, $"contexts[{contextName}].context");
        var ns = contextEntry.Scalar("namespace", contextSource.Source, $"contexts[{contextName}].context");

        var (cluster, clusterSource) = Find(documents, d => d.Clusters, clusterName, contextSource.Source, "clusters");
        var config = new KubeConfigEntryReader(clusterSource, $"clusters[{clusterName}].cluster", cluster);
        var server = config.RequiredServer();
        var ca = config.CertificateAuthority();
        var insecure = config.Bool("insecure-skip-tls-verify");

        System.Security.Cryptography.X509Certificates.X509Certificate2? clientCertificate = null;
        KubeTokenSource? token = null;
        if (!string.IsNullOrEmpty(userName))
        {
            var (user, userSource) = Find(documents, d => d.Users, userName, contextSource.Source, "users");
            var userReader = new KubeConfigEntryReader(userSource, $"users[{userName}].user", user);
            userReader.RefusePlugins();
            clientCertificate = userReader.ClientCertificate();
            token = userReader.Token(time);
        }

        if (server.Scheme == Uri.UriSchemeHttp && (clientCertificate is not null || token is not null))
        {
            throw new KubeConfigException(clusterSource.Source, $"clusters[{clusterName}].cluster.server",
                "credentials would be sent over plain http; use https");
        }

        return new KubeClientConfig
        {
            Server = server,
            CertificateAuthority = ca,
            ClientCertificate = clientCertificate,
            Token = token,
            InsecureSkipTlsVerify = insecure,
            Namespace = string.IsNullOrEmpty(ns) ? "default" : ns,
            Description = $"kubeconfig {first} context {contextName}",
        };
    }

    private static (YamlMappingNode Entry, KubeConfigDocument Document) Find(
        List<KubeConfigDocument> documents,
        Func<KubeConfigDocument, IReadOnlyDictionary<string, YamlMappingNode>> section,
        string name,
        string referencedFrom,
        string sectionName)
    {
        foreach (var document in documents)
        {
            if (section(document).TryGetValue(name, out var entry))
            {
                return (entry, document);
            }
        }

        throw new KubeConfigException(referencedFrom, $"{sectionName}[{name}]", "no entry with this name");
    }
}

/// <summary>One parsed kubeconfig file: its named clusters, users and contexts.</summary>
internal sealed class KubeConfigDocument
{
    public required string Source { get; init; }
    public string? CurrentContext { get; init; }
    public required IReadOnlyDictionary<string, YamlMappingNode> Clusters { get; init; }
    public required IReadOnlyDictionary<string, YamlMappingNode> Users { get; init; }
    public required IReadOnlyDictionary<string, YamlMappingNode> Contexts { get; init; }

    public static KubeConfigDocument Parse(string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new KubeConfigException(source, $"line {e.Start.Line}", $"not valid YAML: {e.Message}", e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new KubeConfigException(source, "(root)", "not a YAML mapping");
        }

        return new KubeConfigDocument
        {
            Source = source,
            CurrentContext = root.Scalar("current-context", source, ""),
            Clusters = Named(root, "clusters", "cluster", source),
            Users = Named(root, "users", "user", source),
            Contexts = Named(root, "contexts", "context", source),
        };
    }

    private static Dictionary<string, YamlMappingNode> Named(YamlMappingNode root, string section, string inner, string source)
    {
        var result = new Dictionary<string, YamlMappingNode>(StringComparer.Ordinal);
        if (!root.Children.TryGetValue(new YamlScalarNode(section), out var node) || node is YamlScalarNode { Value: null or "" })
        {
            return result;
        }

        if (node is not YamlSequenceNode sequence)
        {
            throw new KubeConfigException(source, section, "must be a list");
        }

        var index = 0;
        foreach (var item in sequence)
        {
            if (item is not YamlMappingNode entry)
            {
                throw new KubeConfigException(source, $"{section}[{index}]", "must be a mapping with name and " + inner);
            }

            var name = entry.Scalar("name", source, $"{section}[{index}]")
                ?? throw new KubeConfigException(source, $"{section}[{index}].name", "missing");
            if (!entry.Children.TryGetValue(new YamlScalarNode(inner), out var body) || body is not YamlMappingNode bodyMap)
            {
                throw new KubeConfigException(source, $"{section}[{name}].{inner}", "missing or not a mapping");
            }

            result.TryAdd(name, bodyMap);
            index++;
        }

        return result;
    }
}

internal static class YamlMappingExtensions
{
    /// <summary>A scalar child, or null when absent; a non-scalar is an error naming the field.</summary>
    public static string? Scalar(this YamlMappingNode node, string key, string source, string parentField)
    {
        if (!node.Children.TryGetValue(new YamlScalarNode(key), out var child))
        {
            return null;
        }

        return child is YamlScalarNode scalar
            ? scalar.Value
            : throw new KubeConfigException(source, parentField.Length == 0 ? key : $"{parentField}.{key}", "must be a single value");
    }
}
