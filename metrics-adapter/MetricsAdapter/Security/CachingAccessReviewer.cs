namespace KernelTruth.MetricsAdapter.Security;

/// <summary>
/// Decorates an <see cref="IAccessReviewer"/>: each decision (allow or deny) is reused for
/// <c>ttl</c> (10 s by default, as the Go apiserver library caches delegated authorization), so
/// the HPA's repeated questions cost one SubjectAccessReview per 10 s, not one per request.
/// Errors are not cached.
/// </summary>
internal sealed class CachingAccessReviewer(IAccessReviewer inner, TimeSpan ttl, TimeProvider time) : IAccessReviewer
{
    private readonly ExpiringCache<AccessDecision> _cache = new(ttl, 10_000, time);

    public async Task<AccessDecision> ReviewAsync(AccessRequest request, CancellationToken ct)
    {
        string key = request.CacheKey();
        if (_cache.TryGet(key, out var cached))
        {
            return cached;
        }

        var decision = await inner.ReviewAsync(request, ct).ConfigureAwait(false);
        _cache.Set(key, decision);
        return decision;
    }
}

/// <summary>Decorates an <see cref="ITokenReviewer"/>: a token's user is reused for <c>ttl</c>; rejections too.</summary>
internal sealed class CachingTokenReviewer(ITokenReviewer inner, TimeSpan ttl, TimeProvider time) : ITokenReviewer
{
    private readonly ExpiringCache<UserInfo?> _cache = new(ttl, 10_000, time);

    public async Task<UserInfo?> ReviewAsync(string token, CancellationToken ct)
    {
        // The key is a hash: tokens themselves are never kept.
        string key = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
        if (_cache.TryGet(key, out var cached))
        {
            return cached;
        }

        var user = await inner.ReviewAsync(token, ct).ConfigureAwait(false);
        _cache.Set(key, user);
        return user;
    }
}

/// <summary>Single host with client certificates: whoever authenticated may read (there is no API server to ask).</summary>
internal sealed class AuthenticatedUsersAllowed : IAccessReviewer
{
    public Task<AccessDecision> ReviewAsync(AccessRequest request, CancellationToken ct) =>
        Task.FromResult(new AccessDecision(true, "single host: every authenticated user may read"));
}
