using k8s;
using KernelTruth.Kubernetes.Reviews;
using KernelTruth.NodeSensor.Hosting;

namespace KernelTruth.NodeSensor.Security;

/// <summary>
/// The reviewers <see cref="SensorAuthMiddleware"/> asks, over the API: tokens for the sensor's own audience first,
/// then for the API server's; both cached as the kubelet caches its delegated reviews (tokens 2 min, allowed 5 min,
/// denied 30 s: with 5 000 nodes, about 40 TokenReviews a second per client across the cluster rather than one per
/// scrape, and a role granted later takes effect within 30 s).
/// </summary>
internal static class SensorSecurity
{
    public static (ITokenReviewer Tokens, IAccessReviewer Access) Reviewers(IKubernetes client, TimeProvider time) =>
    (
        new CachingTokenReviewer(
            new FirstAcceptingTokenReviewer([new KubeTokenReviewer(client, [SensorDefaults.TokenAudience]), new KubeTokenReviewer(client)]),
            SensorDefaults.TokenCacheTtl,
            time),
        new CachingAccessReviewer(new KubeAccessReviewer(client), SensorDefaults.AllowedCacheTtl, time, SensorDefaults.DeniedCacheTtl)
    );
}
