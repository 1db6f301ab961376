using System.Security.Cryptography.X509Certificates;
using KernelTruth.Kubernetes.Reviews;
using Microsoft.AspNetCore.Http;

namespace KernelTruth.MetricsAdapter.Security;

/// <summary>
/// Who a request comes from, in this order (notes §2.5):
/// <list type="number">
/// <item>a client certificate chaining to the requestheader CA with a CN in the allowed names (all
/// names when the list is empty): the aggregator's front proxy; the user is then the username
/// header (X-Remote-User), groups the group headers, extra the X-Remote-Extra-* headers;</item>
/// <item>a client certificate chaining to the client CA: the user is its CN, groups its O values;</item>
/// <item>a bearer token the TokenReview accepts.</item>
/// </list>
/// The front-proxy headers are removed from every request that did not come over a valid
/// front-proxy certificate, so a client cannot name itself. Anything else is unauthenticated.
/// </summary>
internal sealed class RequestAuthenticator(AuthenticationConfigCache config, CertificateVerifier verifier, ITokenReviewer? tokens)
{
    public async Task<(UserInfo? User, string? Failure)> AuthenticateAsync(HttpContext context)
    {
        config.RefreshIfDue();
        var c = config.Current;
        var cert = context.Connection.ClientCertificate ?? await context.Connection.GetClientCertificateAsync(context.RequestAborted).ConfigureAwait(false);
        string? certProblem = null;
        if (cert is not null)
        {
            if (verifier.ChainsTo(cert, c.RequestHeaderCa, "requestheader", config.Generation))
            {
                string cn = cert.GetNameInfo(X509NameType.SimpleName, false);
                if (c.AllowedNames.Count > 0 && !c.AllowedNames.Contains(cn, StringComparer.Ordinal))
                {
                    StripProxyHeaders(context, c);
                    return (null, $"front-proxy client certificate CN '{cn}' is not in requestheader-allowed-names");
                }

                return FromProxyHeaders(context, c);
            }

            StripProxyHeaders(context, c);
            if (verifier.ChainsTo(cert, c.ClientCa, "client", config.Generation))
            {
                return (FromCertificate(cert), null);
            }

            certProblem = "the client certificate is not signed by the requestheader or client CA";
        }
        else
        {
            StripProxyHeaders(context, c);
        }

        string auth = context.Request.Headers.Authorization.ToString();
        if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && auth.Length > 7)
        {
            if (tokens is null)
            {
                return (null, "bearer tokens are not accepted here (no TokenReview configured)");
            }

            try
            {
                var user = await tokens.ReviewAsync(auth[7..].Trim(), context.RequestAborted).ConfigureAwait(false);
                return user is null ? (null, "the bearer token was rejected by TokenReview") : (user, null);
            }
            catch (HttpRequestException ex)
            {
                return (null, $"the bearer token could not be reviewed: {ex.Message}");
            }
        }

        return (null, certProblem ?? "no credentials: present a client certificate (front proxy or client CA) or a bearer token");
    }

    private static (UserInfo?, string?) FromProxyHeaders(HttpContext context, AuthenticationConfig c)
    {
        var headers = context.Request.Headers;
        string? name = c.UsernameHeaders.Select(h => headers[h].ToString()).FirstOrDefault(v => v.Length > 0);
        if (name is null)
        {
            return (null, $"the front proxy sent no user header ({string.Join(", ", c.UsernameHeaders)})");
        }

        var groups = c.GroupHeaders.SelectMany(h => headers[h].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))).ToList();
        var extra = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (key, values) in headers)
        {
            foreach (string prefix in c.ExtraHeaderPrefixes)
            {
                if (key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && key.Length > prefix.Length)
                {
                    extra[Uri.UnescapeDataString(key[prefix.Length..]).ToLowerInvariant()] = [.. values.OfType<string>()];
                }
            }
        }

        return (new UserInfo(name, groups, extra), null);
    }

    private static UserInfo FromCertificate(X509Certificate2 cert)
    {
        string cn = cert.GetNameInfo(X509NameType.SimpleName, false);
        var groups = cert.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(r => r.GetSingleElementType().Value == "2.5.4.10") // O
            .Select(r => r.GetSingleElementValue() ?? "")
            .Where(o => o.Length > 0)
            .ToList();
        return new UserInfo(cn, groups, UserInfo.NoExtra);
    }

    private static void StripProxyHeaders(HttpContext context, AuthenticationConfig c)
    {
        var headers = context.Request.Headers;
        foreach (string h in DefaultOr(c.UsernameHeaders, "X-Remote-User").Concat(DefaultOr(c.GroupHeaders, "X-Remote-Group")).Append("X-Remote-Uid"))
        {
            headers.Remove(h);
        }

        foreach (string prefix in DefaultOr(c.ExtraHeaderPrefixes, "X-Remote-Extra-"))
        {
            foreach (string key in headers.Keys.Where(k => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList())
            {
                headers.Remove(key);
            }
        }
    }

    private static IEnumerable<string> DefaultOr(IReadOnlyList<string> configured, string fallback) => configured.Count > 0 ? configured : [fallback];
}
