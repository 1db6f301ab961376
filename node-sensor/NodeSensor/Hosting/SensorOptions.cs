using System.Net;

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

    /// <summary>Where kernel symbol addresses are read. Not a flag; tests hide a symbol with it.</summary>
    internal string KallsymsPath { get; init; } = "/proc/kallsyms";

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

        if (CgroupRoot is not null && !Directory.Exists(CgroupRoot))
        {
            errors.Add($"--cgroup-root '{CgroupRoot}' does not exist");
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
