namespace KernelTruth.Kubernetes.Reviews;

/// <summary>The seam to the API server's TokenReview (authentication.k8s.io/v1).</summary>
public interface ITokenReviewer
{
    /// <summary>The token's user, or null when the API server says it is not authenticated.</summary>
    /// <exception cref="HttpRequestException">The review could not be made (the request then fails 401, saying so).</exception>
    Task<UserInfo?> ReviewAsync(string token, CancellationToken ct);
}

/// <summary>The seam to the API server's SubjectAccessReview (authorization.k8s.io/v1).</summary>
public interface IAccessReviewer
{
    Task<AccessDecision> ReviewAsync(AccessRequest request, CancellationToken ct);
}

/// <summary>
/// What a SubjectAccessReview asks: resource attributes for a resource request (group, version,
/// resource, subresource, namespace, name, verb), or the path and verb for a non-resource one.
/// </summary>
public sealed record AccessRequest(
    UserInfo User,
    string Verb,
    string? Group,
    string? Version,
    string? Resource,
    string? Subresource,
    string? Namespace,
    string? Name,
    string? Path)
{
    public bool IsResourceRequest => Resource is not null;

    /// <summary>Identical requests share one cached decision.</summary>
    public string CacheKey() => string.Join('\u001f',
        User.Name, User.Uid ?? "", string.Join(',', User.Groups), string.Join(',', User.Extra.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + "=" + string.Join('|', e.Value))),
        Verb, Group ?? "", Version ?? "", Resource ?? "", Subresource ?? "", Namespace ?? "", Name ?? "", Path ?? "");

    public string Describe() => IsResourceRequest
        ? $"{Verb} {Resource}{(Subresource is null ? "" : "/" + Subresource)}{(Name is null ? "" : $" '{Name}'")} in API group '{Group}'{(Namespace is null ? "" : $" in namespace '{Namespace}'")}"
        : $"{Verb} path '{Path}'";
}

public sealed record AccessDecision(bool Allowed, string Reason);
