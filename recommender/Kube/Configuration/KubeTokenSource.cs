namespace KernelTruth.Kube.Configuration;

/// <summary>
/// A bearer token, fixed or read from a file. Bound service-account tokens rotate (the kubelet
/// rewrites the file well before expiry), so a file token is re-read every
/// <c>refreshInterval</c> and at once when the server answers 401.
/// </summary>
public sealed class KubeTokenSource
{
    private readonly string? _fixed;
    private readonly string? _path;
    private readonly TimeSpan _refreshInterval;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private string? _cached;
    private long _readAt;

    private KubeTokenSource(string? fixedToken, string? path, TimeSpan refreshInterval, TimeProvider time)
    {
        _fixed = fixedToken;
        _path = path;
        _refreshInterval = refreshInterval;
        _time = time;
    }

    /// <summary>client-go re-reads token files once a minute; so do we.</summary>
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromMinutes(1);

    public static KubeTokenSource Fixed(string token) =>
        string.IsNullOrWhiteSpace(token)
            ? throw new ArgumentException("token is empty", nameof(token))
            : new KubeTokenSource(token.Trim(), null, TimeSpan.Zero, TimeProvider.System);

    public static KubeTokenSource FromFile(string path, TimeSpan? refreshInterval = null, TimeProvider? time = null)
    {
        var source = new KubeTokenSource(null, path, refreshInterval ?? DefaultRefreshInterval, time ?? TimeProvider.System);
        source.Reload(); // fail at configuration time, naming the file, not on the first request
        return source;
    }

    /// <summary>The file the token is read from, or null for a fixed token.</summary>
    public string? FilePath => _path;

    /// <summary>The token to send now (re-read from its file when the refresh interval passed).</summary>
    public string Current
    {
        get
        {
            if (_fixed is not null)
            {
                return _fixed;
            }

            lock (_gate)
            {
                if (_time.GetElapsedTime(_readAt) >= _refreshInterval)
                {
                    try
                    {
                        ReloadLocked();
                    }
                    catch (KubeConfigException)
                    {
                        // Mid-rotation or briefly unreadable: keep sending the token we have (the
                        // server says 401 if it is really gone) and look again next interval.
                        _readAt = _time.GetTimestamp();
                    }
                }

                return _cached!;
            }
        }
    }

    /// <summary>
    /// Re-reads the file after a 401. True when the token changed, so the request is worth one
    /// more try; a read failure keeps the old token (the kubelet may be mid-rotation).
    /// </summary>
    internal bool TryRefreshAfterUnauthorized()
    {
        if (_fixed is not null)
        {
            return false;
        }

        lock (_gate)
        {
            var before = _cached;
            try
            {
                ReloadLocked();
            }
            catch (KubeConfigException)
            {
                return false;
            }

            return !string.Equals(before, _cached, StringComparison.Ordinal);
        }
    }

    private void Reload()
    {
        lock (_gate)
        {
            ReloadLocked();
        }
    }

    private void ReloadLocked()
    {
        string text;
        try
        {
            text = File.ReadAllText(_path!).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubeConfigException(_path!, "token", $"cannot read the token file: {e.Message}", e);
        }

        if (text.Length == 0)
        {
            throw new KubeConfigException(_path!, "token", "the token file is empty");
        }

        _cached = text;
        _readAt = _time.GetTimestamp();
    }
}
