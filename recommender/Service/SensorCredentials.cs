using KernelTruth.Kubernetes.Connection;

namespace KernelTruth.Service;

/// <summary>
/// The token the recommender sends to the sensors: the projected service-account token deploy/ mounts (audience
/// ktruth-sensor, which the API server itself refuses, so a copy read off the pod network opens nothing but other
/// sensors' snapshots), re-read once a minute as the kubelet rotates it.
/// </summary>
internal static class SensorCredentials
{
    /// <summary>The token source; null when the default file is absent (no token is sent: sensors without --auth still answer).</summary>
    /// <exception cref="ArgumentException">--sensor-token-file was given and does not load; the message names it.</exception>
    public static Func<string?>? Load(ServiceOptions options, TimeProvider time)
    {
        if (!options.SensorTokenRequired && !File.Exists(options.SensorTokenFile))
        {
            return null;
        }

        try
        {
            var token = new ServiceAccountToken(options.SensorTokenFile, time);
            return () => token.Current;
        }
        catch (KubernetesConfigurationException ex)
        {
            throw new ArgumentException($"--sensor-token-file: {ex.Message}", nameof(options), ex);
        }
    }
}
