using KernelTruth.Kube.Client;
using KernelTruth.Kube.Model;
using KernelTruth.Kube.Resources;

namespace KernelTruth.MetricsAdapter.Security.Kube;

/// <summary>
/// Reads <c>kube-system/extension-apiserver-authentication</c> (needs a RoleBinding to
/// <c>extension-apiserver-authentication-reader</c>, which deploy/ grants).
/// </summary>
public sealed class KubeAuthenticationConfigSource(KubeClient kube) : IAuthenticationConfigSource
{
    public const string Namespace = "kube-system";
    public const string Name = "extension-apiserver-authentication";

    public async Task<IReadOnlyDictionary<string, string>> ReadAsync(CancellationToken ct)
    {
        try
        {
            var map = await kube.GetAsync(KubeResources.ConfigMaps, Namespace, Name, KubeJsonContext.Default.ConfigMap, ct).ConfigureAwait(false);
            return map.Data ?? [];
        }
        catch (KubeApiException ex)
        {
            throw new HttpRequestException($"reading ConfigMap {Namespace}/{Name} failed: {ex.Message}", ex);
        }
    }
}
