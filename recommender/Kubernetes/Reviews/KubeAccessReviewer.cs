using k8s;
using k8s.Models;
using KernelTruth.Kubernetes.Connection;

namespace KernelTruth.Kubernetes.Reviews;

/// <summary>Authorization by creating an authorization.k8s.io/v1 SubjectAccessReview for the request's user and attributes.</summary>
public sealed class KubeAccessReviewer(IKubernetes kube) : IAccessReviewer
{
    public async Task<AccessDecision> ReviewAsync(AccessRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var spec = new V1SubjectAccessReviewSpec
        {
            User = request.User.Name,
            Groups = [.. request.User.Groups],
            Uid = request.User.Uid,
            Extra = request.User.Extra.Count == 0 ? null : request.User.Extra.ToDictionary(e => e.Key, e => (IList<string>)[.. e.Value], StringComparer.Ordinal),
            ResourceAttributes = request.IsResourceRequest
                ? new V1ResourceAttributes
                {
                    Verb = request.Verb,
                    Group = request.Group,
                    Version = request.Version,
                    Resource = request.Resource,
                    Subresource = request.Subresource,
                    NamespaceProperty = request.Namespace,
                    Name = request.Name,
                }
                : null,
            NonResourceAttributes = request.IsResourceRequest ? null : new V1NonResourceAttributes { Path = request.Path, Verb = request.Verb },
        };
        V1SubjectAccessReview answer;
        try
        {
            answer = await kube.AuthorizationV1.CreateSubjectAccessReviewAsync(new V1SubjectAccessReview { Spec = spec }, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not HttpRequestException && ApiErrors.IsApiFailure(ex, ct))
        {
            throw new HttpRequestException($"SubjectAccessReview failed: {ApiErrors.Describe(ex)}", ex);
        }

        var status = answer.Status;
        return new AccessDecision(status?.Allowed == true, status?.Reason ?? status?.EvaluationError ?? "");
    }
}
