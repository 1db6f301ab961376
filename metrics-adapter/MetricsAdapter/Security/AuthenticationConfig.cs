using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace KernelTruth.MetricsAdapter.Security;

/// <summary>
/// Who may authenticate how, as <c>kube-system/extension-apiserver-authentication</c> says
/// (notes §2.5): the requestheader CA and allowed names for the aggregator's front proxy, the
/// headers it sets, and the client CA for ordinary client certificates.
/// </summary>
public sealed record AuthenticationConfig(
    X509Certificate2Collection RequestHeaderCa,
    IReadOnlyList<string> AllowedNames,
    IReadOnlyList<string> UsernameHeaders,
    IReadOnlyList<string> GroupHeaders,
    IReadOnlyList<string> ExtraHeaderPrefixes,
    X509Certificate2Collection ClientCa)
{
    public static AuthenticationConfig None { get; } = new([], [], [], [], [], []);

    /// <summary>
    /// From the ConfigMap's data. The header and name keys are JSON arrays of strings
    /// (<c>["X-Remote-User"]</c>); a missing header key takes the kube-apiserver default.
    /// </summary>
    /// <exception cref="FormatException">A key is malformed; the message names it.</exception>
    public static AuthenticationConfig FromConfigMap(IReadOnlyDictionary<string, string> data) => new(
        Pem(data, "requestheader-client-ca-file"),
        Strings(data, "requestheader-allowed-names", []),
        Strings(data, "requestheader-username-headers", ["X-Remote-User"]),
        Strings(data, "requestheader-group-headers", ["X-Remote-Group"]),
        Strings(data, "requestheader-extra-headers-prefix", ["X-Remote-Extra-"]),
        Pem(data, "client-ca-file"));

    private static X509Certificate2Collection Pem(IReadOnlyDictionary<string, string> data, string key)
    {
        var certs = new X509Certificate2Collection();
        if (!data.TryGetValue(key, out var pem) || string.IsNullOrWhiteSpace(pem))
        {
            return certs;
        }

        try
        {
            certs.ImportFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw new FormatException($"{key}: not a PEM certificate bundle ({ex.Message})", ex);
        }

        if (certs.Count == 0)
        {
            throw new FormatException($"{key}: no CERTIFICATE block in the PEM");
        }

        return certs;
    }

    private static IReadOnlyList<string> Strings(IReadOnlyDictionary<string, string> data, string key, IReadOnlyList<string> fallback)
    {
        if (!data.TryGetValue(key, out var json) || string.IsNullOrWhiteSpace(json))
        {
            return fallback;
        }

        try
        {
            return JsonSerializer.Deserialize(json, SecurityJsonContext.Default.StringArray) ?? fallback;
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{key}: expected a JSON array of strings, e.g. [\"front-proxy-client\"] ({ex.Message})", ex);
        }
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class SecurityJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
