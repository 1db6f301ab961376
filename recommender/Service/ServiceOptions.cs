using System.Globalization;
using System.Net;
using KernelTruth.Contracts.Units;
using KernelTruth.Cluster.Configuration;
using KernelTruth.Cluster.Backfill;
using KernelTruth.Cluster.Vpa;
using KernelTruth.Recommender.Configuration;

namespace KernelTruth.Service;

/// <summary>
/// ktruth-recommender's configuration: flags override environment variables, which override defaults.
/// Every problem is reported at once, with the flag to change.
/// </summary>
internal sealed record ServiceOptions
{
    public const string Usage = """
        ktruth-recommender [--namespace NS] [--identity NAME] [--listen 0.0.0.0:8080] [--interval 10s]
                           [--recommender-name kernel-truth] [--lease-name ktruth-recommender]
                           [--sensor-selector app.kubernetes.io/name=ktruth-sensor] [--sensor-port 9470]
                           [--sensor-timeout 5s] [--sensor-token-file PATH] [--kubeconfig PATH]
                           [--checkpoint-store cluster|file] [--state /var/lib/ktruth/state.json]
                           [--checkpoint-interval 10m] [--model-idle-ttl 192h] [--hpa-sync-period 15s]
                           [--profile-refresh-interval 5m]
                           [--adapter-listen 0.0.0.0:6443] [--tls-cert PATH --tls-key PATH]
                           [--keda-listen 0.0.0.0:9444]
                           [--history-prometheus URL [--history-days 14] [--history-bearer-token-file PATH]
                            [--history-ca-file PATH]]
          --interval: how often a loop reads the sensors, refits and writes what changed (100ms-10m). The models are
          saved every --checkpoint-interval (1s-1h) and at stop, and restored at start: --checkpoint-store cluster
          (default) keeps them as WorkloadCheckpoint objects in --namespace, written by the Lease holder, read by every
          replica; file keeps them in --state, per pod. A workload with no data for --model-idle-ttl (1m-8760h, default
          192h = 8 days) loses its model; one whose pods are all gone and whose Deployment, CronJob, ReplicaSet, Job or
          bare Pod was deleted loses it after 10 min. --hpa-sync-period (1s-10m, the HPA's own): cpu_demand_forecast_cores
          forecasts a pod's measured start time (60 s when unmeasured) plus this far ahead.
          --profile-refresh-interval (0s, or 1s-1h; default 5m): a WorkloadProfile is written at once when its
          recommendation, current resources, a condition's status or the forecast's source changes; changes of its
          measured numbers alone wait until its last write is this old. 0s writes every change.
          --listen serves /healthz /readyz /metrics over HTTP without authentication; --adapter-listen serves the
          metrics APIs over HTTPS, certificate from --tls-cert/--tls-key, else /etc/ktruth/tls/tls.{crt,key} when
          both exist, else a self-signed one (logged: the aggregator will not trust it). --keda-listen serves KEDA's
          external scaler (gRPC, plaintext HTTP/2); off unless given. --sensor-token-file is the token sent to the sensors
          (re-read as it rotates; default /var/run/secrets/ktruth.io/sensor/token, the projected token deploy/ mounts;
          without it nothing is sent, and sensors run with --auth kubernetes refuse the reads).
          --history-prometheus: at start, workloads without a restored model start from Prometheus' cAdvisor series
          (--history-days back); their recommendations say so, at half confidence, until the sensor has measured them
          for a day. Prometheus that cannot be read is logged in one line and the service runs on the sensor alone.
          Without the VPA CRD it runs and writes WorkloadProfiles; the CRD is looked for again every 3 intervals.
          env: POD_NAMESPACE (--namespace), POD_NAME (--identity), KUBECONFIG; in a pod the service account is used.
        """;

    /// <summary>The loop's settings are checked where they are defined; their problems are reported under our flags.</summary>
    private static readonly Dictionary<string, string> Flags = new(StringComparer.Ordinal)
    {
        [nameof(RecommenderOptions.IngestInterval)] = "--interval",
        [nameof(RecommenderOptions.CheckpointInterval)] = "--checkpoint-interval",
        [nameof(RecommenderOptions.StateFile)] = "--state",
        [nameof(RecommenderOptions.ModelIdleTtl)] = "--model-idle-ttl",
        [nameof(RecommenderOptions.HpaSyncPeriod)] = "--hpa-sync-period",
    };

    public required ClusterOptions Cluster { get; init; }

    public required string Identity { get; init; }

    public string Listen { get; init; } = "0.0.0.0:8080";

    /// <summary>The loop's settings: --interval (ingest and output every loop), --state, --checkpoint-interval.</summary>
    public required RecommenderOptions Recommender { get; init; }

    public string LeaseName { get; init; } = "ktruth-recommender";

    public string? KubeConfig { get; init; }

    /// <summary>Where the metrics adapter listens (HTTPS).</summary>
    public string AdapterListen { get; init; } = "0.0.0.0:6443";

    /// <summary>Where KEDA's external scaler listens (gRPC over plaintext HTTP/2); null = not served.</summary>
    public string? KedaListen { get; init; }

    /// <summary>Where deploy/ mounts the projected service-account token (audience ktruth-sensor) sent to the sensors.</summary>
    public const string DefaultSensorTokenFile = "/var/run/secrets/ktruth.io/sensor/token";

    /// <summary>The token file sent to the sensors as a bearer token, re-read as it rotates.</summary>
    public string SensorTokenFile { get; init; } = DefaultSensorTokenFile;

    /// <summary>True when --sensor-token-file was given: then a missing file stops start-up instead of sending no token.</summary>
    public bool SensorTokenRequired { get; init; }

    /// <summary>Day-0 history from Prometheus (--history-*); null = none.</summary>
    public HistoryOptions? History { get; init; }

    /// <summary>The adapter's certificate and key (PEM), as given by flags; both or neither.</summary>
    public string? TlsCert { get; init; }

    public string? TlsKey { get; init; }

    public static (ServiceOptions? Options, IReadOnlyList<string> Errors) Parse(string[] args, Func<string, string?> env)
    {
        var errors = new List<string>();
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                errors.Add($"'{args[i]}': expected --flag VALUE");
                continue;
            }

            flags[args[i][2..]] = args[++i];
        }

        string[] known = ["namespace", "identity", "listen", "interval", "recommender-name", "lease-name", "sensor-selector", "sensor-port", "sensor-timeout", "sensor-token-file", "kubeconfig", "state", "checkpoint-store", "checkpoint-interval", "model-idle-ttl", "hpa-sync-period", "profile-refresh-interval", "adapter-listen", "tls-cert", "tls-key", "keda-listen", "history-prometheus", "history-days", "history-bearer-token-file", "history-ca-file"];
        errors.AddRange(flags.Keys.Except(known).Select(f => $"unknown flag --{f}"));
        string Get(string flag, string? envName, string fallback) => flags.GetValueOrDefault(flag) ?? (envName is null ? null : env(envName)) ?? fallback;

        var interval = Duration(Get("interval", null, "10s"), "--interval", errors);
        // Ten minutes, not VPA's one: each save writes one object per workload container to the API server, and a
        // failover loses at most this much of history that reaches back days.
        var checkpointInterval = Duration(Get("checkpoint-interval", null, "10m"), "--checkpoint-interval", errors);
        string store = Get("checkpoint-store", null, "cluster");
        if (store is not ("cluster" or "file"))
        {
            errors.Add($"--checkpoint-store must be cluster or file (was '{store}')");
        }

        var modelIdleTtl = Duration(Get("model-idle-ttl", null, "192h"), "--model-idle-ttl", errors);
        var hpaSync = Duration(Get("hpa-sync-period", null, "15s"), "--hpa-sync-period", errors);
        var timeout = Duration(Get("sensor-timeout", null, "5s"), "--sensor-timeout", errors);
        var profileRefresh = Duration(Get("profile-refresh-interval", null, "5m"), "--profile-refresh-interval", errors, zeroAllowed: true);
        if (!int.TryParse(Get("sensor-port", null, "9470"), NumberStyles.None, CultureInfo.InvariantCulture, out int port))
        {
            errors.Add($"--sensor-port must be a port number (was '{flags.GetValueOrDefault("sensor-port")}')");
        }

        // Kestrel binds both endpoints explicitly (one of them with TLS), so both must be IP:PORT.
        string listen = Get("listen", null, "0.0.0.0:8080");
        string adapterListen = Get("adapter-listen", null, "0.0.0.0:6443");
        string? kedaListen = flags.GetValueOrDefault("keda-listen");
        foreach (var (flag, value) in new[] { ("--listen", listen), ("--adapter-listen", adapterListen), ("--keda-listen", kedaListen ?? listen) })
        {
            if (!IPEndPoint.TryParse(value, out var endpoint) || endpoint.Port == 0 || !value.Contains(':', StringComparison.Ordinal))
            {
                errors.Add($"{flag} must be IP:PORT, e.g. 0.0.0.0:8080 (was '{value}')");
            }
        }

        if (listen == adapterListen)
        {
            errors.Add($"--listen and --adapter-listen must differ (both '{listen}'): health is plain HTTP, the adapter HTTPS");
        }

        if (kedaListen is not null && (kedaListen == listen || kedaListen == adapterListen))
        {
            errors.Add($"--keda-listen must differ from --listen and --adapter-listen (was '{kedaListen}'): the scaler speaks HTTP/2 only");
        }

        string? tlsCert = flags.GetValueOrDefault("tls-cert"), tlsKey = flags.GetValueOrDefault("tls-key");
        if ((tlsCert is null) != (tlsKey is null))
        {
            errors.Add("--tls-cert and --tls-key go together: give both, or neither");
        }

        var history = ParseHistory(flags, errors);
        var cluster = new ClusterOptions
        {
            Namespace = Get("namespace", "POD_NAMESPACE", ""),
            SensorSelector = Get("sensor-selector", null, "app.kubernetes.io/name=ktruth-sensor"),
            SensorPort = port,
            SensorTimeout = timeout,

            // Three loops without the VPA CRD before it is looked for again: 30 s at the default 10 s interval.
            VpaRecheck = (interval > TimeSpan.Zero ? interval : RecommenderDefaults.IngestInterval) * 3,
            CheckpointStore = store == "file" ? CheckpointStoreKind.File : CheckpointStoreKind.Cluster,
            ProfileRefresh = profileRefresh ?? ClusterOptions.DefaultProfileRefresh,
            Vpa = new VpaOptions { RecommenderName = Get("recommender-name", null, VpaOptions.DefaultRecommenderName) },
        };
        errors.AddRange(cluster.Validate());
        string identity = Get("identity", "POD_NAME", env("HOSTNAME") ?? "");
        if (identity.Length == 0)
        {
            errors.Add("identity must be set (--identity or POD_NAME): it names the Lease holder");
        }

        // One loop every --interval: ingest, then output, whose writers ask the models for each VPA under its own
        // policy. The fit (every workload under the default policy, for readers of the recommendation store) has no
        // reader here that needs it sooner than VPA's minute. A duration that did not parse was reported already: it
        // is checked here at its default, so each problem is one line (and FitInterval's range is --interval's).
        var ingest = interval > TimeSpan.Zero ? interval : RecommenderDefaults.IngestInterval;
        var recommender = new RecommenderOptions
        {
            IngestInterval = ingest,
            FitInterval = ingest > RecommenderDefaults.FitInterval ? ingest : RecommenderDefaults.FitInterval,
            CheckpointInterval = checkpointInterval > TimeSpan.Zero ? checkpointInterval : RecommenderDefaults.CheckpointInterval,
            StateFile = Get("state", null, RecommenderDefaults.StateFile),
            ModelIdleTtl = modelIdleTtl > TimeSpan.Zero ? modelIdleTtl : RecommenderDefaults.ModelIdleTtl,
            HpaSyncPeriod = hpaSync > TimeSpan.Zero ? hpaSync : KernelTruth.Recommender.Forecast.ForecastSettings.DefaultHpaSyncPeriod,
        };
        errors.AddRange(recommender.Validate(Flags).Where(e => !e.StartsWith(nameof(RecommenderOptions.FitInterval) + " ", StringComparison.Ordinal)));

        return errors.Count > 0
            ? (null, errors)
            : (new ServiceOptions
            {
                Cluster = cluster,
                Identity = identity,
                Listen = listen,
                Recommender = recommender,
                LeaseName = Get("lease-name", null, "ktruth-recommender"),
                KubeConfig = flags.GetValueOrDefault("kubeconfig"),
                AdapterListen = adapterListen,
                KedaListen = kedaListen,
                TlsCert = tlsCert,
                TlsKey = tlsKey,
                SensorTokenFile = flags.GetValueOrDefault("sensor-token-file") ?? DefaultSensorTokenFile,
                SensorTokenRequired = flags.ContainsKey("sensor-token-file"),
                History = history,
            }, errors);
    }

    /// <summary>The --history-* flags; null without --history-prometheus (the others then are errors: they would do nothing).</summary>
    private static HistoryOptions? ParseHistory(Dictionary<string, string> flags, List<string> errors)
    {
        if (!flags.TryGetValue("history-prometheus", out string? url))
        {
            errors.AddRange(flags.Keys.Where(f => f.StartsWith("history-", StringComparison.Ordinal)).Select(f => $"--{f} needs --history-prometheus"));
            return null;
        }

        int days = 14;
        if (flags.TryGetValue("history-days", out string? text) && !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out days))
        {
            errors.Add($"--history-days must be a whole number of days (was '{text}')");
            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            errors.Add($"--history-prometheus must be an http:// or https:// URL (was '{url}')");
            return null;
        }

        var history = new HistoryOptions
        {
            Prometheus = uri,
            Days = days,
            BearerTokenFile = flags.GetValueOrDefault("history-bearer-token-file"),
            CaFile = flags.GetValueOrDefault("history-ca-file"),
        };
        var problems = history.Validate();
        errors.AddRange(problems);
        return problems.Count == 0 ? history : null;
    }

    /// <summary>"500ms", "10s", "2m", "1h": the syntax every kernel-truth binary shares (<see cref="DurationParser"/>).</summary>
    private static TimeSpan Duration(string text, string flag, List<string> errors) => Duration(text, flag, errors, zeroAllowed: false) ?? TimeSpan.Zero;

    /// <returns>The duration; null when it did not parse (reported in <paramref name="errors"/>).</returns>
    private static TimeSpan? Duration(string text, string flag, List<string> errors, bool zeroAllowed)
    {
        if (!DurationParser.TryParse(text, out var value) || (value == TimeSpan.Zero && !zeroAllowed))
        {
            errors.Add($"{flag} must be a duration like {(zeroAllowed ? "0s, " : "")}500ms, 10s, 2m or 1h (was '{text}')");
            return null;
        }

        return value;
    }
}
