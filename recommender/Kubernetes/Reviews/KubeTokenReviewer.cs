using k8s;
using k8s.Models;
using KernelTruth.Kubernetes.Connection;

namespace KernelTruth.Kubernetes.Reviews;

/// <summary>
/// Bearer tokens checked by creating an authentication.k8s.io/v1 TokenReview. With <paramref name="audiences"/>
/// the API server accepts only a token issued for one of them (a projected service-account token with that
/// audience); without, the API server's own audience, i.e. an ordinary service-account token.
/// </summary>
public sealed class KubeTokenReviewer(IKubernetes kube, IReadOnlyList<string>? audiences = null) : ITokenReviewer
{
    public async Task<UserInfo?> ReviewAsync(string token, CancellationToken ct)
    {
        V1TokenReview answer;
        try
        {
            var spec = new V1TokenReviewSpec { Token = token, Audiences = audiences is { Count: > 0 } ? [.. audiences] : null };
            answer = await kube.AuthenticationV1.CreateTokenReviewAsync(new V1TokenReview { Spec = spec }, cancellationToken: ct).ConfigureAwait(false);
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
