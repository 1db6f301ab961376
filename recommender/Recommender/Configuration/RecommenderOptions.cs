using KernelTruth.Models;
using KernelTruth.Models.Recommendations;

namespace KernelTruth.Recommender.Configuration;

/// <summary>
/// The recommender service's settings. Defaults in <see cref="RecommenderDefaults"/>; <see cref="Validate"/>
/// reports every problem at once, each naming the setting and what it must be.
/// </summary>
public sealed record RecommenderOptions
{
    /// <summary>How often a loop runs (every sensor read, sinks handed the output). Default 10 s; valid 100 ms – 10 min.</summary>
    public TimeSpan IngestInterval { get; init; } = RecommenderDefaults.IngestInterval;

    /// <summary>How often recommendations are refitted and published. Default 60 s; valid IngestInterval – 1 h.</summary>
    public TimeSpan FitInterval { get; init; } = RecommenderDefaults.FitInterval;

    /// <summary>How often model state is saved (to <see cref="StateFile"/> unless the host has another store). Default 60 s; valid 1 s – 1 h.</summary>
    public TimeSpan CheckpointInterval { get; init; } = RecommenderDefaults.CheckpointInterval;

    /// <summary>
    /// A workload with no data for this long is dropped: its model, its checkpoint entry, its recommendation and the
    /// series made from them. Default 8 days (VPA's horizon, see <see cref="RecommenderDefaults.ModelIdleTtl"/>);
    /// valid 1 min – 365 days.
    /// </summary>
    public TimeSpan ModelIdleTtl { get; init; } = RecommenderDefaults.ModelIdleTtl;

    /// <summary>
    /// The HPA's sync period (kube-controller-manager's --horizontal-pod-autoscaler-sync-period): the forecast published
    /// as cpu_demand_forecast_cores looks a pod's start time plus this far ahead. Default 15 s; valid 1 s – 10 min.
    /// </summary>
    public TimeSpan HpaSyncPeriod { get; init; } = Forecast.ForecastSettings.DefaultHpaSyncPeriod;

    /// <summary>The demand forecasts' settings for the engine.</summary>
    public Forecast.ForecastSettings ToForecastSettings() => Forecast.ForecastSettings.Default with { HpaSyncPeriod = HpaSyncPeriod };

    /// <summary>Where model state is kept between runs. Default /var/lib/ktruth/state.json; must name a file.</summary>
    public string StateFile { get; init; } = RecommenderDefaults.StateFile;

    /// <summary>
    /// Base URLs of node sensors (http or https, e.g. http://10.0.0.7:9470/); each is read at
    /// {url}/v1/snapshot. Default none: a host that runs the sensor in-process registers it instead.
    /// </summary>
    public IReadOnlyList<string> SensorUrls { get; init; } = [];

    /// <summary>How long one read of a <see cref="SensorUrls"/> sensor may take. Default 5 s; valid 100 ms – IngestInterval (checked when there are SensorUrls).</summary>
    public TimeSpan SensorTimeout { get; init; } = RecommenderDefaults.SensorTimeout;

    /// <summary>Largest acceptable share of throttled periods. Default 0.01; valid (0, 1).</summary>
    public double ThrottledPeriodsSlo { get; init; } = RecommenderDefaults.ThrottledPeriodsSlo;

    /// <summary>Largest acceptable throttle wait at p99. Default 10 ms; valid 0 – 10 s.</summary>
    public TimeSpan ThrottleWaitSlo { get; init; } = RecommenderDefaults.ThrottleWaitSlo;

    /// <summary>Slo (the smallest limit meeting the SLO) or NoLimit. Default Slo.</summary>
    public LimitMode LimitMode { get; init; } = RecommenderDefaults.Limit;

    /// <summary>Shape of the per-workload models (half-lives, sizes); see <see cref="ModelOptions"/>.</summary>
    public ModelOptions Model { get; init; } = new();

    /// <summary>The recommendation policy these settings describe; everything else at its default.</summary>
    public RecommendationPolicy ToPolicy() => new()
    {
        ThrottledPeriodsSlo = ThrottledPeriodsSlo,
        ThrottleWaitSlo = ThrottleWaitSlo,
        LimitMode = LimitMode,
    };

    /// <summary>Every problem with these settings, or empty.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Range(nameof(IngestInterval), IngestInterval, RecommenderDefaults.MinInterval, RecommenderDefaults.MaxIngestInterval, errors);
        bool ingestValid = errors.Count == 0;
        Range(nameof(FitInterval), FitInterval, ingestValid ? IngestInterval : RecommenderDefaults.MinInterval, RecommenderDefaults.MaxFitInterval, errors);
        Range(nameof(CheckpointInterval), CheckpointInterval, RecommenderDefaults.MinCheckpointInterval, RecommenderDefaults.MaxCheckpointInterval, errors);
        Range(nameof(ModelIdleTtl), ModelIdleTtl, RecommenderDefaults.MinModelIdleTtl, RecommenderDefaults.MaxModelIdleTtl, errors);
        Range(nameof(HpaSyncPeriod), HpaSyncPeriod, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10), errors);
        if (SensorUrls is { Count: > 0 })
        {
            Range(nameof(SensorTimeout), SensorTimeout, RecommenderDefaults.MinSensorTimeout, ingestValid ? IngestInterval : RecommenderDefaults.MaxIngestInterval, errors);
        }

        if (string.IsNullOrWhiteSpace(StateFile))
        {
            errors.Add($"{nameof(StateFile)} is empty: set it to a file path such as {RecommenderDefaults.StateFile}");
        }
        else if (StateFile.EndsWith('/') || Directory.Exists(StateFile))
        {
            errors.Add($"{nameof(StateFile)} '{StateFile}' is a directory: name a file in it, e.g. {Path.Combine(StateFile, "state.json")}");
        }

        foreach (string url in SensorUrls ?? [])
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"{nameof(SensorUrls)} entry '{url}' is not an absolute http or https URL (e.g. http://10.0.0.7:9470/)");
            }
        }

        if (SensorUrls is null)
        {
            errors.Add($"{nameof(SensorUrls)} is null: leave it empty for no sensors");
        }

        if (!Enum.IsDefined(LimitMode))
        {
            errors.Add($"{nameof(LimitMode)} {(int)LimitMode} is not one of {string.Join(", ", Enum.GetNames<LimitMode>())}");
        }
        else
        {
            errors.AddRange(ToPolicy().Validate()); // the SLO knobs, named as here
        }

        if (Model is null)
        {
            errors.Add($"{nameof(Model)} is null: leave it out for the defaults");
        }
        else
        {
            errors.AddRange(Model.Validate().Select(e => $"{nameof(Model)}.{e}"));
        }

        return errors;
    }

    /// <summary>
    /// Every problem, each naming its setting the way the host's user knows it: <paramref name="names"/> maps a setting
    /// to the host's name for it (IngestInterval → "--interval"); a setting not in it keeps its own name.
    /// </summary>
    public IReadOnlyList<string> Validate(IReadOnlyDictionary<string, string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return [.. Validate().Select(e => names.FirstOrDefault(n => e.StartsWith(n.Key + " ", StringComparison.Ordinal)) is { Key: { } setting, Value: { } name } ? name + e[setting.Length..] : e)];
    }

    /// <summary>Throws <see cref="RecommenderConfigurationException"/> listing every problem, if any.</summary>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new RecommenderConfigurationException(errors);
        }
    }

    private static void Range(string name, TimeSpan value, TimeSpan min, TimeSpan max, List<string> errors)
    {
        if (value < min || value > max)
        {
            errors.Add($"{name} {Format(value)} is outside {Format(min)} – {Format(max)}");
        }
    }

    private static string Format(TimeSpan t) => t.TotalDays >= 1 ? $"{t.TotalDays:0.###} d" : t.TotalSeconds >= 1 ? $"{t.TotalSeconds:0.###} s" : $"{t.TotalMilliseconds:0.###} ms";
}
