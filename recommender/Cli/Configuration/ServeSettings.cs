using System.Net;

namespace KernelTruth.Cli.Configuration;

/// <summary>
/// `ktruth watch --serve ADDRESS:PORT`: the custom/external metrics APIs and /metrics over HTTPS.
/// Loopback addresses may serve without authentication; any other address needs client
/// certificates to be checked (--client-ca and/or --requestheader-ca), and refuses to start otherwise.
/// </summary>
internal sealed record ServeSettings
{
    /// <summary>--serve: e.g. 127.0.0.1:8443, [::1]:8443, localhost:8443, 0.0.0.0:8443 (port 0 picks a free one).</summary>
    public required string Address { get; init; }

    /// <summary>--tls-cert / --tls-key: PEM serving certificate and key; both absent = self-signed at start.</summary>
    public string? TlsCert { get; init; }

    public string? TlsKey { get; init; }

    /// <summary>--client-ca: PEM CA whose client certificates authenticate as their CN (groups from O).</summary>
    public string? ClientCa { get; init; }

    /// <summary>--requestheader-ca: PEM CA of an aggregating front proxy, whose X-Remote-User/Group headers are then trusted.</summary>
    public string? RequestHeaderCa { get; init; }

    /// <summary>--requestheader-allowed-names: comma-separated CNs the front proxy may have; empty = any.</summary>
    public string? RequestHeaderAllowedNames { get; init; }

    public bool RequiresAuthentication => ClientCa is not null || RequestHeaderCa is not null;

    public IReadOnlyList<string> AllowedNames => (RequestHeaderAllowedNames ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The parsed address; null when <see cref="Validate"/> reports it.</summary>
    public IPEndPoint? Endpoint => TryParse(Address, out var ep) ? ep : null;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Address.Length == 0)
        {
            errors.Add("--tls-cert, --tls-key, --client-ca and --requestheader-* only apply with --serve ADDRESS:PORT");
            return errors;
        }

        if (!TryParse(Address, out var ep))
        {
            errors.Add($"--serve '{Address}' is not ADDRESS:PORT (e.g. 127.0.0.1:8443)");
        }
        else if (!IPAddress.IsLoopback(ep.Address) && !RequiresAuthentication)
        {
            errors.Add($"--serve {Address} is not a loopback address: serving beyond this host needs authentication; give --client-ca FILE (client certificates) and/or --requestheader-ca FILE [--requestheader-allowed-names NAMES], or serve on 127.0.0.1");
        }

        if ((TlsCert is null) != (TlsKey is null))
        {
            errors.Add("--tls-cert and --tls-key go together (or give neither for a self-signed certificate)");
        }

        foreach (var (option, file) in new[] { ("--tls-cert", TlsCert), ("--tls-key", TlsKey), ("--client-ca", ClientCa), ("--requestheader-ca", RequestHeaderCa) })
        {
            if (file is not null && !File.Exists(file))
            {
                errors.Add($"{option} {file}: no such file");
            }
        }

        if (RequestHeaderAllowedNames is not null && RequestHeaderCa is null)
        {
            errors.Add("--requestheader-allowed-names needs --requestheader-ca");
        }

        return errors;
    }

    private static bool TryParse(string text, out IPEndPoint endpoint)
    {
        endpoint = null!;
        if (text.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase))
        {
            text = "127.0.0.1" + text["localhost".Length..];
        }

        return IPEndPoint.TryParse(text, out endpoint!) && text.Contains(':', StringComparison.Ordinal) && !text.EndsWith(':');
    }
}
