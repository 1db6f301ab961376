using System.CommandLine;
using KernelTruth.Contracts.Units;
using KernelTruth.NodeSensor.Hosting;

namespace KernelTruth.NodeSensor.Host;

/// <summary>The ktruth-sensor command line.</summary>
internal static class SensorCommand
{
    public static RootCommand Create()
    {
        var listen = new Option<string>("--listen") { Description = "host:port to serve /v1/snapshot, /metrics, /healthz, /readyz on", DefaultValueFactory = _ => SensorDefaults.Listen };
        var cgroupRoot = new Option<string?>("--cgroup-root") { Description = "mount of the cpu controller's cgroup hierarchy (default: detected from /proc/self/mountinfo)" };
        var all = new Option<bool>("--all") { Description = "report every cgroup, not only Kubernetes pods and containers" };
        // Nullable so the help shows "default: 1s" from the description, not TimeSpan's "00:00:01".
        var interval = new Option<TimeSpan?>("--interval")
        {
            Description = "how often the kernel maps are read, e.g. 500ms or 1s; 100ms to 5s (default: 1s)",
            HelpName = "duration",
            CustomParser = r => DurationParser.TryParse(r.Tokens.Single().Value, out var d) ? d : Fail(r, $"'{r.Tokens.Single().Value}' is not a duration such as 500ms or 1s"),
        };
        var maxCgroups = new Option<uint>("--max-cgroups") { Description = "cgroups tracked in the kernel at once (64-65536)", DefaultValueFactory = _ => SensorDefaults.MaxCgroups };
        var once = new Option<bool>("--once") { Description = "measure for one interval, print one snapshot as JSON and exit" };

        var root = new RootCommand("ktruth-sensor: measures per-container CPU throttling, run-queue contention, switches and per-period usage with eBPF, and serves them as snapshots and Prometheus metrics.")
        {
            listen, cgroupRoot, all, interval, maxCgroups, once,
        };
        root.SetAction(parse =>
        {
            var options = ToOptions(parse);
            return parse.GetValue<bool>("--once") ? SensorProcess.RunOnce(options) : SensorProcess.Serve(options);
        });
        return root;
    }

    /// <summary>The sensor options a parsed command line asks for, defaults applied.</summary>
    public static SensorOptions ToOptions(ParseResult parse) => new()
    {
        Listen = parse.GetValue<string>("--listen")!,
        CgroupRoot = parse.GetValue<string?>("--cgroup-root"),
        AllCgroups = parse.GetValue<bool>("--all"),
        Interval = parse.GetValue<TimeSpan?>("--interval") ?? SensorDefaults.Interval,
        MaxCgroups = parse.GetValue<uint>("--max-cgroups"),
    };

    private static TimeSpan? Fail(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return default;
    }
}
