using System.Net.Http.Headers;
using k8s.Authentication;

namespace KernelTruth.Kubernetes.Connection;

/// <summary>
/// A pod's service-account token, re-read from its file once the refresh interval has passed. Bound tokens rotate:
/// the kubelet rewrites the file at 80 % of the token's life (e.g. after 48 min of a 1 h token), so reading it
/// every minute, as client-go does, always sends a live one. A read that fails (mid-rotation, briefly missing)
/// keeps the token we have and tries again next interval. This is KubernetesClient's TokenFileAuth on an injected
/// clock, so that rotation is tested without waiting a minute.
/// </summary>
public sealed class ServiceAccountToken : ITokenProvider
{
    /// <summary>client-go re-reads token files once a minute; so do we.</summary>
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromMinutes(1);

    private readonly string _path;
    private readonly TimeSpan _refreshInterval;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private string _token;
    private long _readAt;

    /// <exception cref="KubernetesConfigurationException">The file cannot be read or is empty, now at start.</exception>
    public ServiceAccountToken(string path, TimeProvider time, TimeSpan? refreshInterval = null)
    {
        _path = path;
        _time = time;
        _refreshInterval = refreshInterval ?? DefaultRefreshInterval;
        _token = Read() ?? throw new KubernetesConfigurationException($"service-account token {path}: missing, unreadable or empty");
        _readAt = time.GetTimestamp();
    }

    /// <summary>The token sent now.</summary>
    public string Current
    {
        get
        {
            lock (_gate)
            {
                if (_time.GetElapsedTime(_readAt) >= _refreshInterval)
                {
                    _token = Read() ?? _token;
                    _readAt = _time.GetTimestamp();
                }

                return _token;
            }
        }
    }

    public Task<AuthenticationHeaderValue> GetAuthenticationHeaderAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new AuthenticationHeaderValue("Bearer", Current));

    private string? Read()
    {
        try
        {
            string text = File.ReadAllText(_path).Trim();
            return text.Length > 0 ? text : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
