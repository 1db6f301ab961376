using System.CommandLine;
using KernelTruth.Contracts.Units;
using KernelTruth.NodeSensor.Hosting;
using KernelTruth.NodeSensor.Prometheus;
using KernelTruth.NodeSensor.Security;
using Microsoft.Extensions.Logging;

namespace KernelTruth.NodeSensor.Host;

/// <summary>The ktruth-sensor command line.</summary>
internal static class SensorCommand
{
    public static RootCommand Create(Func<string, string?>? env = null)
    {
        env ??= Environment.GetEnvironmentVariable;
        var listen = new Option<string>("--listen") { Description = "host:port to serve /v1/snapshot, /metrics, /healthz, /readyz on", DefaultValueFactory = _ => SensorDefaults.Listen };
        var cgroupRoot = new Option<string?>("--cgroup-root") { Description = "mount of the cpu controller's cgroup hierarchy (default: detected from /proc/self/mountinfo)" };
        var all = new Option<bool>("--all") { Description = "report every cgroup, not only Kubernetes pods and containers" };
        // Nullable so the help shows "default: 1s" from the description, not TimeSpan's "00:00:01".
        var interval = new Option<TimeSpan?>("--interval")
        {
            Description = "how often the kernel maps are read, e.g. 500ms or 1s; 100ms to 5s (default: 1s)",
            HelpName = "duration",
            CustomParser = r => DurationParser.TryParse(r.Tokens.Single().Value, out var d) ? d : Fail<TimeSpan?>(r, $"'{r.Tokens.Single().Value}' is not a duration such as 500ms or 1s"),
        };
        var maxCgroups = new Option<uint>("--max-cgroups") { Description = "cgroups tracked in the kernel at once (64-65536)", DefaultValueFactory = _ => SensorDefaults.MaxCgroups };
        var once = new Option<bool>("--once") { Description = "measure for one interval, print one snapshot as JSON and exit" };
        var auth = new Option<SensorAuth?>("--auth")
        {
            Description = "who may read /v1/snapshot and /metrics: 'kubernetes' (a bearer token the API server accepts, whose user may get the path as a non-resource URL) or 'none'. "
                + "In a pod, listening beyond loopback, one must be given",
            HelpName = "kubernetes|none",
            CustomParser = r => r.Tokens.Single().Value switch
            {
                "kubernetes" => SensorAuth.Kubernetes,
                "none" => SensorAuth.None,
                var other => Fail<SensorAuth?>(r, $"--auth '{other}' is not 'kubernetes' or 'none'"),
            },
        };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "kubeconfig for the API server (default with --auth kubernetes: the pod's service account)" };
        var node = new Option<string?>("--node") { Description = "this node's name, whose pods name the series (default: NODE_NAME)" };
        var fullWaits = new Option<bool>("--full-wait-histograms") { Description = "write every log2 bucket of the wait histograms to /metrics (29 series each instead of 6)" };
        var logLevel = new Option<LogLevel?>("--log-level")
        {
            Description = "debug, information (default), warning or error; per-request lines only at debug",
            HelpName = "level",
            CustomParser = r => Enum.TryParse<LogLevel>(r.Tokens.Single().Value, ignoreCase: true, out var level) && level is >= LogLevel.Trace and <= LogLevel.Critical
                ? level
                : Fail<LogLevel?>(r, $"--log-level '{r.Tokens.Single().Value}' is not debug, information, warning or error"),
        };

        var root = new RootCommand("ktruth-sensor: measures per-container CPU throttling, run-queue contention, switches and per-period usage with eBPF, and serves them as snapshots and Prometheus metrics.")
        {
            listen, cgroupRoot, all, interval, maxCgroups, once, auth, kubeconfig, node, fullWaits, logLevel,
        };
        root.SetAction(parse =>
        {
            var options = ToOptions(parse, env);
            return parse.GetValue<bool>("--once") ? SensorProcess.RunOnce(options) : SensorProcess.Serve(options, env);
        });
        return root;
    }

    /// <summary>The sensor options a parsed command line asks for, defaults applied; NODE_NAME and KUBERNETES_SERVICE_HOST from <paramref name="env"/>.</summary>
    public static SensorOptions ToOptions(ParseResult parse, Func<string, string?>? env = null)
    {
        env ??= Environment.GetEnvironmentVariable;
        return new SensorOptions
        {
            Listen = parse.GetValue<string>("--listen")!,
            CgroupRoot = parse.GetValue<string?>("--cgroup-root"),
            AllCgroups = parse.GetValue<bool>("--all"),
            Interval = parse.GetValue<TimeSpan?>("--interval") ?? SensorDefaults.Interval,
            MaxCgroups = parse.GetValue<uint>("--max-cgroups"),
            Auth = parse.GetValue<SensorAuth?>("--auth"),
            KubeConfig = parse.GetValue<string?>("--kubeconfig"),
            Node = parse.GetValue<string?>("--node") ?? (env("NODE_NAME") is { Length: > 0 } n ? n : null),
            InPod = !string.IsNullOrEmpty(env("KUBERNETES_SERVICE_HOST")),
            WaitBuckets = parse.GetValue<bool>("--full-wait-histograms") ? WaitBucketLayout.Full : WaitBucketLayout.Coarse,
            LogLevel = parse.GetValue<LogLevel?>("--log-level") ?? LogLevel.Information,
        };
    }

    private static T Fail<T>(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }
}
