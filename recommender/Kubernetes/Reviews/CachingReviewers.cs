using System.Security.Cryptography;
using System.Text;

namespace KernelTruth.Kubernetes.Reviews;

/// <summary>
/// Decorates an <see cref="IAccessReviewer"/>: an allowed decision is reused for <c>ttl</c>, a denied one for
/// <c>denyTtl</c> (the same unless given). The metrics adapter reuses both for 10 s, as the Go apiserver library
/// caches delegated authorization; the sensor keeps an allow for 5 min and a deny for 30 s, as the kubelet does
/// for its own delegated /metrics (so N sensors cost N reviews per 5 min, not one per scrape, and a newly granted
/// role works within 30 s). Errors are not cached.
/// </summary>
public sealed class CachingAccessReviewer(IAccessReviewer inner, TimeSpan ttl, TimeProvider time, TimeSpan? denyTtl = null) : IAccessReviewer
{
    private readonly ExpiringCache<AccessDecision> _cache = new(10_000, time);

    public async Task<AccessDecision> ReviewAsync(AccessRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        string key = request.CacheKey();
        if (_cache.TryGet(key, out var cached))
        {
            return cached;
        }

        var decision = await inner.ReviewAsync(request, ct).ConfigureAwait(false);
        _cache.Set(key, decision, decision.Allowed ? ttl : denyTtl ?? ttl);
        return decision;
    }
}

/// <summary>Decorates an <see cref="ITokenReviewer"/>: a token's user is reused for <c>ttl</c>; rejections too.</summary>
public sealed class CachingTokenReviewer(ITokenReviewer inner, TimeSpan ttl, TimeProvider time) : ITokenReviewer
{
    private readonly ExpiringCache<UserInfo?> _cache = new(10_000, time);

    public async Task<UserInfo?> ReviewAsync(string token, CancellationToken ct)
    {
        // The key is a hash: tokens themselves are never kept.
        string key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        if (_cache.TryGet(key, out var cached))
        {
            return cached;
        }

        var user = await inner.ReviewAsync(token, ct).ConfigureAwait(false);
        _cache.Set(key, user, ttl);
        return user;
    }
}
