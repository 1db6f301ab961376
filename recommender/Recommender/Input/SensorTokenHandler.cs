using System.Net.Http.Headers;

namespace KernelTruth.Recommender.Input;

/// <summary>
/// Sends the recommender's token to the sensor as <c>Authorization: Bearer</c>, asking for it on every attempt (retries
/// included): the token source re-reads a rotated file (KernelTruth.Kubernetes' ServiceAccountToken), so a rotation
/// never needs a restart. A source that has no token sends none.
/// </summary>
internal sealed class SensorTokenHandler(Func<string?> token) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (token() is { Length: > 0 } current)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", current);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
