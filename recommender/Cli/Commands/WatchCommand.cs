using System.CommandLine;
using System.CommandLine.Parsing;
using KernelTruth.Cli.Configuration;
using KernelTruth.Cli.Watching;

namespace KernelTruth.Cli.Commands;

/// <summary>
/// `ktruth watch [--interval D] [--duration D] [--json] [--state FILE] [--checkpoint-interval D] [--model-idle-ttl D] [--pods-only] [--top N]
/// [--serve ADDRESS:PORT [--tls-cert FILE --tls-key FILE] [--client-ca FILE] [--requestheader-ca FILE [--requestheader-allowed-names NAMES]]]`.
/// </summary>
internal static class WatchCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("watch", "Single host, no cluster: run the eBPF sensor in-process and show the busiest cgroups live, what the kernel does to them and the CPU request/limit each should have.")
        {
            DurationOption.Create("--interval", "how often a snapshot is read, 100ms-5s (default: 1s)"),
            DurationOption.Create("--duration", "stop after this long, e.g. 30s (default: until Ctrl-C)"),
            Output.OutputFormatOption.Create(Output.OutputFormat.Table, Output.OutputFormat.Json),
            new Option<bool>("--json") { Description = "print one JSON document (recommendations and activity) at the end instead of the live table; same as -o json" },
            new Option<string>("--state") { Description = "model state: restored at start, saved every --checkpoint-interval and at exit", DefaultValueFactory = _ => CliDefaults.StateFile, HelpName = "file" },
            DurationOption.Create("--checkpoint-interval", "how often --state is saved, at least 1s (default: 60s)"),
            DurationOption.Create("--model-idle-ttl", "a cgroup's model is dropped (from memory, --state and the recommendations) after this long with no data, 1m-8760h (default: 192h = 8 days)"),
            new Option<bool>("--pods-only") { Description = "only Kubernetes pod and container cgroups (default: every cgroup on the host)" },
            new Option<int>("--top") { Description = "rows in the table, 1-200", DefaultValueFactory = _ => CliDefaults.WatchTop },
            new Option<string>("--serve") { Description = "also serve custom.metrics.k8s.io, external.metrics.k8s.io and /metrics over HTTPS on ADDRESS:PORT (namespace 'host', one pod per cgroup); loopback only unless --client-ca/--requestheader-ca", HelpName = "address:port" },
            new Option<string>("--tls-cert") { Description = "--serve: PEM serving certificate (default: self-signed at start)", HelpName = "file" },
            new Option<string>("--tls-key") { Description = "--serve: PEM key of --tls-cert", HelpName = "file" },
            new Option<string>("--client-ca") { Description = "--serve: require client certificates signed by this PEM CA (user = CN, groups = O)", HelpName = "file" },
            new Option<string>("--requestheader-ca") { Description = "--serve: trust X-Remote-User/Group from a front proxy whose certificate this PEM CA signed", HelpName = "file" },
            new Option<string>("--requestheader-allowed-names") { Description = "--serve: comma-separated CNs the front proxy may have (default: any)", HelpName = "names" },
        };
        command.SetAction((parse, ct) =>
        {
            var settings = ToSettings(parse.CommandResult);
            return CommandAction.RunAsync(env, settings.Validate(), token => new WatchRunner(env).RunAsync(settings, token), ct);
        });
        return command;
    }

    public static WatchSettings ToSettings(SymbolResult r) => new()
    {
        Interval = r.GetValue<TimeSpan?>("--interval") ?? CliDefaults.WatchInterval,
        Duration = r.GetValue<TimeSpan?>("--duration"),
        Json = Output.OutputFormatOption.Resolve(r, ("--json", Output.OutputFormat.Json)) == Output.OutputFormat.Json,
        StatePath = r.GetValue<string>("--state") ?? CliDefaults.StateFile,
        CheckpointInterval = r.GetValue<TimeSpan?>("--checkpoint-interval") ?? CliDefaults.CheckpointInterval,
        ModelIdleTtl = r.GetValue<TimeSpan?>("--model-idle-ttl") ?? Recommender.Configuration.RecommenderDefaults.ModelIdleTtl,
        PodsOnly = r.GetValue<bool>("--pods-only"),
        Top = r.GetValue<int>("--top"),
        Serve = ToServe(r),
    };

    private static ServeSettings? ToServe(SymbolResult r)
    {
        string? address = r.GetValue<string>("--serve");
        string? cert = r.GetValue<string>("--tls-cert"), key = r.GetValue<string>("--tls-key"), clientCa = r.GetValue<string>("--client-ca");
        string? proxyCa = r.GetValue<string>("--requestheader-ca"), names = r.GetValue<string>("--requestheader-allowed-names");
        if (address is null && cert is null && key is null && clientCa is null && proxyCa is null && names is null)
        {
            return null;
        }

        // Without --serve the others are reported by Validate rather than silently ignored.
        return new ServeSettings
        {
            Address = address ?? "",
            TlsCert = cert,
            TlsKey = key,
            ClientCa = clientCa,
            RequestHeaderCa = proxyCa,
            RequestHeaderAllowedNames = names,
        };
    }
}
