namespace KernelTruth.NodeSensor.Hosting;

/// <summary>Every sensor default in one place.</summary>
public static class SensorDefaults
{
    /// <summary>Loopback by default: the snapshot names every cgroup on the host. The DaemonSet passes 0.0.0.0.</summary>
    public const string Listen = "127.0.0.1:9470";

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The window ring holds 64 windows; folding must see each one before it is reused.</summary>
    public static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(5);

    public const uint MaxCgroups = 2048;
    public const uint MinMaxCgroups = 64;
    public const uint MaxMaxCgroups = 65536;

    public static readonly TimeSpan ForgetGoneAfter = TimeSpan.FromSeconds(10);

    /// <summary>N: a new container's startup CPU and settle time are measured over its first N after exec.</summary>
    public static readonly TimeSpan StartupWindow = TimeSpan.FromSeconds(60);

    /// <summary>W: CPU use has settled when two consecutive W-long stretches agree (see StartupSettle). N must be ≥ 2 W.</summary>
    public static readonly TimeSpan SettleWindow = TimeSpan.FromSeconds(5);

    /// <summary>A snapshot served over HTTP is at most this old; older ones are re-read first.</summary>
    public static readonly TimeSpan FreshSnapshotAge = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The audience of the projected service-account token the recommender sends (deploy/ mounts it): the API server
    /// refuses such a token, so one read off the wire opens nothing but other sensors.
    /// </summary>
    public const string TokenAudience = "ktruth-sensor";

    /// <summary>How long a reviewed token's user is reused (the kubelet's --authentication-token-webhook-cache-ttl).</summary>
    public static readonly TimeSpan TokenCacheTtl = TimeSpan.FromMinutes(2);

    /// <summary>How long an allowed SubjectAccessReview is reused (the kubelet's authorized TTL).</summary>
    public static readonly TimeSpan AllowedCacheTtl = TimeSpan.FromMinutes(5);

    /// <summary>How long a denied SubjectAccessReview is reused (the kubelet's unauthorized TTL).</summary>
    public static readonly TimeSpan DeniedCacheTtl = TimeSpan.FromSeconds(30);
}
