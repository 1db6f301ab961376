using System.Net;
using KernelTruth.NodeSensor.Prometheus;
using KernelTruth.NodeSensor.Security;
using Microsoft.Extensions.Logging;

namespace KernelTruth.NodeSensor.Hosting;

/// <summary>Process-wide sensor settings, validated at start-up with every error reported at once.</summary>
public sealed record SensorOptions
{
    /// <summary>host:port for the HTTP API. Default <see cref="SensorDefaults.Listen"/>.</summary>
    public string Listen { get; init; } = SensorDefaults.Listen;

    /// <summary>Mount of the cpu controller's hierarchy; null = detect from /proc/self/mountinfo.</summary>
    public string? CgroupRoot { get; init; }

    /// <summary>Report every cgroup, not only Kubernetes pods and containers. Default false.</summary>
    public bool AllCgroups { get; init; }

    /// <summary>How often the maps are read (and usage windows folded). Default 1 s; 100 ms–5 s.</summary>
    public TimeSpan Interval { get; init; } = SensorDefaults.Interval;

    /// <summary>Cgroups tracked in the kernel at once. Default 2048; 64–65536.</summary>
    public uint MaxCgroups { get; init; } = SensorDefaults.MaxCgroups;

    /// <summary>
    /// How long a cgroup id must stay unresolvable before its kernel counters are dropped: the
    /// hierarchy walk may simply not have seen a new cgroup yet. Not a flag; tests shorten it.
    /// </summary>
    internal TimeSpan ForgetGoneAfter { get; init; } = SensorDefaults.ForgetGoneAfter;

    /// <summary>N, the startup window after a new container's first exec. Not a flag; tests shorten it.</summary>
    internal TimeSpan StartupWindow { get; init; } = SensorDefaults.StartupWindow;

    /// <summary>W, the settle stretch; N ≥ 2 W. Not a flag; tests shorten it.</summary>
    internal TimeSpan SettleWindow { get; init; } = SensorDefaults.SettleWindow;

    /// <summary>Where kernel symbol addresses are read. Not a flag; tests hide a symbol with it.</summary>
    internal string KallsymsPath { get; init; } = "/proc/kallsyms";

    /// <summary>Who may read the API (--auth); null = not said, which a sensor in a pod listening beyond loopback may not leave open.</summary>
    public SensorAuth? Auth { get; init; }

    /// <summary>A kubeconfig for the API server (--kubeconfig); else, with <see cref="SensorAuth.Kubernetes"/>, the pod's service account.</summary>
    public string? KubeConfig { get; init; }

    /// <summary>This node's name (--node, else NODE_NAME): the sensor watches the pods scheduled here to name its series.</summary>
    public string? Node { get; init; }

    /// <summary>Whether the process runs in a Kubernetes pod (KUBERNETES_SERVICE_HOST is set); read from the environment by the command.</summary>
    public bool InPod { get; init; }

    /// <summary>The wait-histogram buckets of /metrics. Default <see cref="WaitBucketLayout.Coarse"/>; --full-wait-histograms for all.</summary>
    public WaitBucketLayout WaitBuckets { get; init; } = WaitBucketLayout.Coarse;

    /// <summary>The least severe level logged (--log-level). Default Information; per-request lines only at Debug.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>True when the sensor talks to the API server: to review tokens, or to name pods through a given kubeconfig.</summary>
    public bool UsesApi => Auth == SensorAuth.Kubernetes || KubeConfig is not null;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!TryParseListen(Listen, out _))
        {
            errors.Add($"--listen '{Listen}' is not host:port (e.g. 127.0.0.1:9470 or 0.0.0.0:9470)");
        }

        if (Interval < SensorDefaults.MinInterval || Interval > SensorDefaults.MaxInterval)
        {
            errors.Add($"--interval {Interval.TotalMilliseconds} ms is outside {SensorDefaults.MinInterval.TotalMilliseconds} ms–{SensorDefaults.MaxInterval.TotalSeconds} s");
        }

        if (MaxCgroups < SensorDefaults.MinMaxCgroups || MaxCgroups > SensorDefaults.MaxMaxCgroups)
        {
            errors.Add($"--max-cgroups {MaxCgroups} is outside {SensorDefaults.MinMaxCgroups}–{SensorDefaults.MaxMaxCgroups}");
        }

        if (SettleWindow <= TimeSpan.Zero || StartupWindow < 2 * SettleWindow)
        {
            errors.Add($"the startup window ({StartupWindow.TotalSeconds} s) must hold two settle windows ({SettleWindow.TotalSeconds} s each)");
        }

        if (CgroupRoot is not null && !Directory.Exists(CgroupRoot))
        {
            errors.Add($"--cgroup-root '{CgroupRoot}' does not exist");
        }

        return errors;
    }

    /// <summary>What serving the API additionally needs (not checked for --once, which serves nothing).</summary>
    public IReadOnlyList<string> ValidateServing()
    {
        var errors = new List<string>(Validate());
        if (UsesApi && string.IsNullOrWhiteSpace(Node))
        {
            errors.Add("with the API server the sensor names its series after this node's pods and needs the node's name: set NODE_NAME (deploy/ sets it from spec.nodeName) or --node NAME");
        }

        if (Auth is null && InPod && TryParseListen(Listen, out var endPoint) && !IPAddress.IsLoopback(endPoint.Address))
        {
            errors.Add($"running in a Kubernetes pod and listening on {Listen} without authentication, every pod in the cluster could read this node's pod UIDs, container ids and usage: "
                + "add --auth kubernetes (deploy/ does), listen on 127.0.0.1, or say --auth none to serve it open on purpose");
        }

        return errors;
    }

    /// <summary>
    /// host:port with a literal address: 127.0.0.1:9470, 0.0.0.0:9470, [::1]:9470 or localhost:9470.
    /// IPv6 needs brackets, IPv4 all four parts (no "127.1" shorthand), the port 1-65535.
    /// </summary>
    public static bool TryParseListen(string value, out IPEndPoint endPoint)
    {
        endPoint = new IPEndPoint(IPAddress.Loopback, 0);
        int colon = value.LastIndexOf(':');
        if (colon <= 0 || !ushort.TryParse(value.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ushort port) || port == 0)
        {
            return false;
        }

        string host = value[..colon];
        IPAddress? address;
        if (host == "localhost")
        {
            address = IPAddress.Loopback;
        }
        else if (host.StartsWith('[') && host.EndsWith(']'))
        {
            if (!IPAddress.TryParse(host[1..^1], out address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return false;
            }
        }
        else if (host.Split('.').Length != 4 || !IPAddress.TryParse(host, out address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            return false;
        }

        endPoint = new IPEndPoint(address, port);
        return true;
    }
}
