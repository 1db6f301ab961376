using System.Security.Cryptography.X509Certificates;
using YamlDotNet.RepresentationModel;

namespace KernelTruth.Kube.Configuration;

/// <summary>Reads the fields of one cluster or user entry, naming the field in every error.</summary>
internal sealed class KubeConfigEntryReader(KubeConfigDocument document, string prefix, YamlMappingNode entry)
{
    private string Source => document.Source;

    public string? Scalar(string key) => entry.Scalar(key, Source, prefix);

    public Uri RequiredServer()
    {
        var server = Scalar("server");
        if (string.IsNullOrEmpty(server))
        {
            throw new KubeConfigException(Source, $"{prefix}.server", "missing");
        }

        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new KubeConfigException(Source, $"{prefix}.server", $"'{server}' is not an http(s) URL");
        }

        return uri;
    }

    public bool Bool(string key)
    {
        var value = Scalar(key);
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        return bool.TryParse(value, out var parsed)
            ? parsed
            : throw new KubeConfigException(Source, $"{prefix}.{key}", $"'{value}' is not true or false");
    }

    public X509Certificate2Collection? CertificateAuthority()
    {
        var pem = Pem("certificate-authority-data", "certificate-authority");
        return pem is null ? null : PemCredentials.CertificateAuthority(pem.Value.Text, pem.Value.Source, pem.Value.Field);
    }

    public X509Certificate2? ClientCertificate()
    {
        var cert = Pem("client-certificate-data", "client-certificate");
        var key = Pem("client-key-data", "client-key");
        if (cert is null && key is null)
        {
            return null;
        }

        if (cert is null)
        {
            throw new KubeConfigException(Source, $"{prefix}.client-certificate", "a client key is set but no client certificate");
        }

        if (key is null)
        {
            throw new KubeConfigException(Source, $"{prefix}.client-key", "a client certificate is set but no client key");
        }

        return PemCredentials.ClientCertificate(cert.Value.Text, key.Value.Text, Source, cert.Value.Field, key.Value.Field);
    }

    public KubeTokenSource? Token(TimeProvider? time)
    {
        var token = Scalar("token");
        if (!string.IsNullOrWhiteSpace(token))
        {
            return KubeTokenSource.Fixed(token);
        }

        var tokenFile = Scalar("tokenFile");
        return string.IsNullOrEmpty(tokenFile) ? null : KubeTokenSource.FromFile(ResolvePath(tokenFile), time: time);
    }

    public void RefusePlugins()
    {
        foreach (var plugin in new[] { "exec", "auth-provider" })
        {
            if (entry.Children.ContainsKey(new YamlScalarNode(plugin)))
            {
                throw new KubeConfigException(Source, $"{prefix}.{plugin}",
                    "credential plugins are not supported; use a token, tokenFile or client certificate");
            }
        }
    }

    /// <summary>Inline base64 (<paramref name="dataKey"/>) wins over a file (<paramref name="fileKey"/>), as in kubectl.</summary>
    private (string Text, string Source, string Field)? Pem(string dataKey, string fileKey)
    {
        var data = Scalar(dataKey);
        if (!string.IsNullOrEmpty(data))
        {
            try
            {
                return (System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(data)), Source, $"{prefix}.{dataKey}");
            }
            catch (FormatException e)
            {
                throw new KubeConfigException(Source, $"{prefix}.{dataKey}", "not valid base64", e);
            }
        }

        var file = Scalar(fileKey);
        if (string.IsNullOrEmpty(file))
        {
            return null;
        }

        var path = ResolvePath(file);
        try
        {
            return (File.ReadAllText(path), path, $"{prefix}.{fileKey}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubeConfigException(Source, $"{prefix}.{fileKey}", $"cannot read {path}: {e.Message}", e);
        }
    }

    private string ResolvePath(string path) =>
        Path.IsPathRooted(path) ? path : Path.Combine(Path.GetDirectoryName(Source) ?? ".", path);
}
