namespace KernelTruth.MetricsAdapter.Security;

/// <summary>
/// The seam to <c>kube-system/extension-apiserver-authentication</c>: its data, as a ConfigMap
/// read returns it. The single host reads the same keys from files instead.
/// </summary>
public interface IAuthenticationConfigSource
{
    /// <exception cref="HttpRequestException">It could not be read now (the last good one stays in use).</exception>
    Task<IReadOnlyDictionary<string, string>> ReadAsync(CancellationToken ct);
}

/// <summary>Single host: the requestheader and client CAs from PEM files; allowed names given directly.</summary>
public sealed class FileAuthenticationConfigSource(string? requestHeaderCaFile, IReadOnlyList<string> allowedNames, string? clientCaFile) : IAuthenticationConfigSource
{
    public async Task<IReadOnlyDictionary<string, string>> ReadAsync(CancellationToken ct)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (requestHeaderCaFile is not null)
        {
            data["requestheader-client-ca-file"] = await File.ReadAllTextAsync(requestHeaderCaFile, ct).ConfigureAwait(false);
            data["requestheader-allowed-names"] = System.Text.Json.JsonSerializer.Serialize(allowedNames.ToArray(), SecurityJsonContext.Default.StringArray);
        }

        if (clientCaFile is not null)
        {
            data["client-ca-file"] = await File.ReadAllTextAsync(clientCaFile, ct).ConfigureAwait(false);
        }

        return data;
    }
}
