using k8s;
using k8s.Models;
using KernelTruth.Kubernetes.Connection;

namespace KernelTruth.MetricsAdapter.Security.Kube;

/// <summary>Bearer tokens checked by creating an authentication.k8s.io/v1 TokenReview.</summary>
public sealed class KubeTokenReviewer(IKubernetes kube) : ITokenReviewer
{
    public async Task<UserInfo?> ReviewAsync(string token, CancellationToken ct)
    {
        V1TokenReview answer;
        try
        {
            answer = await kube.AuthenticationV1.CreateTokenReviewAsync(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = token } }, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not HttpRequestException && ApiErrors.IsApiFailure(ex, ct))
        {
            throw new HttpRequestException($"TokenReview failed: {ApiErrors.Describe(ex)}", ex);
        }

        if (answer.Status is not { Authenticated: true, User.Username: { Length: > 0 } name } status)
        {
            return null;
        }

        var extra = status.User.Extra?.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)[.. e.Value], StringComparer.Ordinal) ?? new Dictionary<string, IReadOnlyList<string>>();
        return new UserInfo(name, [.. status.User.Groups ?? []], extra, status.User.Uid);
    }
}
