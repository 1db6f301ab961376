using KernelTruth.Kubernetes.Reviews;
using KernelTruth.MetricsAdapter.Security;

namespace KernelTruth.MetricsAdapter.Tests.Fakes;

/// <summary>SubjectAccessReview by a test-supplied rule; records every review it was asked.</summary>
internal sealed class FakeAccessReviewer(Func<AccessRequest, bool> allow) : IAccessReviewer
{
    public List<AccessRequest> Asked { get; } = [];

    public Task<AccessDecision> ReviewAsync(AccessRequest request, CancellationToken ct)
    {
        lock (Asked)
        {
            Asked.Add(request);
        }

        bool ok = allow(request);
        return Task.FromResult(new AccessDecision(ok, ok ? "" : "RBAC: no rule allows it"));
    }
}

/// <summary>TokenReview from a table of token → user.</summary>
internal sealed class FakeTokenReviewer(Dictionary<string, UserInfo> users) : ITokenReviewer
{
    public Task<UserInfo?> ReviewAsync(string token, CancellationToken ct) => Task.FromResult(users.GetValueOrDefault(token));
}

/// <summary>The extension-apiserver-authentication ConfigMap as a fixed dictionary.</summary>
internal sealed class FixedConfigSource(Dictionary<string, string> data) : IAuthenticationConfigSource
{
    public Task<IReadOnlyDictionary<string, string>> ReadAsync(CancellationToken ct) => Task.FromResult<IReadOnlyDictionary<string, string>>(data);
}
