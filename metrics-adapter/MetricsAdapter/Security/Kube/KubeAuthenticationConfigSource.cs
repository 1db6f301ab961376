using k8s;
using KernelTruth.Kubernetes.Connection;

namespace KernelTruth.MetricsAdapter.Security.Kube;

/// <summary>
/// Reads <c>kube-system/extension-apiserver-authentication</c> (needs a RoleBinding to
/// <c>extension-apiserver-authentication-reader</c>, which deploy/ grants).
/// </summary>
public sealed class KubeAuthenticationConfigSource(IKubernetes kube) : IAuthenticationConfigSource
{
    public const string Namespace = "kube-system";
    public const string Name = "extension-apiserver-authentication";

    public async Task<IReadOnlyDictionary<string, string>> ReadAsync(CancellationToken ct)
    {
        try
        {
            var map = await kube.CoreV1.ReadNamespacedConfigMapAsync(Name, Namespace, cancellationToken: ct).ConfigureAwait(false);
            return map.Data is { } data ? new Dictionary<string, string>(data, StringComparer.Ordinal) : [];
        }
        catch (Exception ex) when (ex is not HttpRequestException && ApiErrors.IsApiFailure(ex, ct))
        {
            throw new HttpRequestException($"reading ConfigMap {Namespace}/{Name} failed: {ApiErrors.Describe(ex)}", ex);
        }
    }
}
