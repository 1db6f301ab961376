using KernelTruth.Kube.Client;
using KernelTruth.Kube.Model;
using KernelTruth.Kube.Resources;

namespace KernelTruth.MetricsAdapter.Security.Kube;

/// <summary>Bearer tokens checked by POSTing an authentication.k8s.io/v1 TokenReview.</summary>
public sealed class KubeTokenReviewer(KubeClient kube) : ITokenReviewer
{
    public async Task<UserInfo?> ReviewAsync(string token, CancellationToken ct)
    {
        TokenReview answer;
        try
        {
            answer = await kube.CreateAsync(KubeResources.TokenReviews, null, new TokenReview { Spec = new TokenReviewSpec { Token = token } }, KubeJsonContext.Default.TokenReview, ct).ConfigureAwait(false);
        }
        catch (KubeApiException ex)
        {
            throw new HttpRequestException($"TokenReview failed: {ex.Message}", ex);
        }

        if (answer.Status is not { Authenticated: true, User.Username: { Length: > 0 } name } status)
        {
            return null;
        }

        var extra = status.User.Extra?.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value, StringComparer.Ordinal) ?? new Dictionary<string, IReadOnlyList<string>>();
        return new UserInfo(name, status.User.Groups ?? [], extra, status.User.Uid);
    }
}
