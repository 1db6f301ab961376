using KernelTruth.Kube.Client;
using KernelTruth.Kube.Model;
using KernelTruth.Kube.Resources;

namespace KernelTruth.MetricsAdapter.Security.Kube;

/// <summary>Authorization by POSTing an authorization.k8s.io/v1 SubjectAccessReview for the request's user and attributes.</summary>
public sealed class KubeAccessReviewer(KubeClient kube) : IAccessReviewer
{
    public async Task<AccessDecision> ReviewAsync(AccessRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var spec = new SubjectAccessReviewSpec
        {
            User = request.User.Name,
            Groups = [.. request.User.Groups],
            Uid = request.User.Uid,
            Extra = request.User.Extra.Count == 0 ? null : request.User.Extra.ToDictionary(e => e.Key, e => e.Value.ToList(), StringComparer.Ordinal),
            ResourceAttributes = request.IsResourceRequest
                ? new ResourceAttributes
                {
                    Verb = request.Verb,
                    Group = request.Group,
                    Version = request.Version,
                    Resource = request.Resource,
                    Subresource = request.Subresource,
                    Namespace = request.Namespace,
                    Name = request.Name,
                }
                : null,
            NonResourceAttributes = request.IsResourceRequest ? null : new NonResourceAttributes { Path = request.Path, Verb = request.Verb },
        };
        SubjectAccessReview answer;
        try
        {
            answer = await kube.CreateAsync(KubeResources.SubjectAccessReviews, null, new SubjectAccessReview { Spec = spec }, KubeJsonContext.Default.SubjectAccessReview, ct).ConfigureAwait(false);
        }
        catch (KubeApiException ex)
        {
            throw new HttpRequestException($"SubjectAccessReview failed: {ex.Message}", ex);
        }

        var status = answer.Status;
        return new AccessDecision(status?.Allowed == true, status?.Reason ?? status?.EvaluationError ?? "");
    }
}
