using KernelTruth.Kubernetes.Reviews;

namespace KernelTruth.MetricsAdapter.Security;

/// <summary>Single host with client certificates: whoever authenticated may read (there is no API server to ask).</summary>
public sealed class AuthenticatedUsersAllowed : IAccessReviewer
{
    public Task<AccessDecision> ReviewAsync(AccessRequest request, CancellationToken ct) =>
        Task.FromResult(new AccessDecision(true, "single host: every authenticated user may read"));
}
