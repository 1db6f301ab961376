using System.Security.Cryptography;
using k8s;
using k8s.Exceptions;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace KernelTruth.Kubernetes.Connection;

/// <summary>
/// The KubernetesClient for a configuration, with reads retried by Microsoft.Extensions.Http.Resilience (Polly):
/// a GET is safe to repeat; a create, update or patch is not retried, because after a lost answer the server may
/// have applied it (the caller sees the failure and tries again on its next cycle, against fresh state).
/// </summary>
public static class KubernetesClientFactory
{
    /// <exception cref="KubernetesConfigurationException">The client certificate or key does not load.</exception>
    public static IKubernetes Create(KubernetesClientConfiguration config, TimeProvider time, ApiRetryOptions? retries = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var reads = ReadRetries(retries ?? new ApiRetryOptions(), time);
        try
        {
            return new k8s.Kubernetes(config, new ResilienceHandler(request => request.Method == HttpMethod.Get ? reads : ResiliencePipeline<HttpResponseMessage>.Empty));
        }
        catch (Exception e) when (e is CryptographicException or KubeConfigException or FormatException or IOException or ArgumentException)
        {
            throw new KubernetesConfigurationException($"the client certificate of {config.Host} does not load: {KubeconfigErrors.Reason(e)}", e);
        }
    }

    private static ResiliencePipeline<HttpResponseMessage> ReadRetries(ApiRetryOptions options, TimeProvider time)
    {
        if (options.MaxRetries <= 0)
        {
            return ResiliencePipeline<HttpResponseMessage>.Empty;
        }

        // The default predicate: 408, 429, 5xx and HttpRequestException (no connection, reset); Retry-After is honoured.
        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.FirstDelay,
                MaxDelay = options.MaxDelay,
            })
            .Build();
    }
}
