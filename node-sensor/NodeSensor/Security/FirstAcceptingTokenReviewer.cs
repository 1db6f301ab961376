using KernelTruth.Kubernetes.Reviews;

namespace KernelTruth.NodeSensor.Security;

/// <summary>
/// Asks each reviewer in turn and takes the first user one accepts. The sensor asks for its own audience first
/// (the recommender's projected token, which the API server itself would refuse, so a copy read off the wire is
/// worth nothing elsewhere), then for the API server's (Prometheus' ordinary service-account token).
/// </summary>
internal sealed class FirstAcceptingTokenReviewer(IReadOnlyList<ITokenReviewer> reviewers) : ITokenReviewer
{
    public async Task<UserInfo?> ReviewAsync(string token, CancellationToken ct)
    {
        foreach (var reviewer in reviewers)
        {
            if (await reviewer.ReviewAsync(token, ct).ConfigureAwait(false) is { } user)
            {
                return user;
            }
        }

        return null;
    }
}
