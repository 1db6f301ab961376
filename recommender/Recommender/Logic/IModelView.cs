using KernelTruth.Models.Recommendations;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.Models.Startup;
using KernelTruth.Recommender.Forecast;
using KernelTruth.Simulations.Replay;

namespace KernelTruth.Recommender.Logic;

/// <summary>
/// The engine's models, read-only, as sinks see them after a loop: a VPA writer asks for one workload's recommendation
/// under that VPA's own policy, a profile writer for its demand percentiles and the predicted effect. Implemented by
/// <see cref="RecommenderEngine"/>; valid for the duration of the sink's call (the next loop changes the models).
/// </summary>
public interface IModelView
{
    /// <summary>Every workload with a model, sorted (ordinal).</summary>
    IReadOnlyCollection<string> Workloads { get; }

    /// <summary>Intervals the workload's model holds; 0 when unknown.</summary>
    long IntervalsOf(string workload);

    /// <summary>One workload's recommendation under <paramref name="policy"/>; null when the workload has no model.</summary>
    /// <exception cref="ArgumentException">The policy is invalid.</exception>
    Recommendation? Recommend(string workload, RecommendationPolicy policy, DateTimeOffset now);

    /// <summary>The simulation engine's predicted effect of <paramref name="recommendation"/>; null without a workload or a limit.</summary>
    LimitPrediction? PredictedEffect(string workload, Recommendation recommendation);

    /// <summary>Per-period demand at percentile <paramref name="p"/> (censoring-aware); null when unknown.</summary>
    double? DemandCores(string workload, double p);

    /// <summary>The workload's recent container starts (kernel start timelines); null when none was seen.</summary>
    StartupSummary? Startup(string workload) => null;

    /// <summary>What is published as cpu_demand_forecast_cores for the workload (forecast or reactive, with the reason); null when unknown.</summary>
    DemandForecast? Forecast(string workload) => null;

    /// <summary>
    /// Only the value of <see cref="Forecast"/> and whether the forecaster made it (else it is the reactive value),
    /// without the record and its reason text: what the metrics adapter reads for every pod it publishes.
    /// </summary>
    (double Cores, bool FromForecaster)? ForecastCores(string workload) => Forecast(workload) is { } f ? (f.Cores, f.Source == ForecastSources.Forecast) : null;

    /// <summary>The workload a cgroup's intervals go to; null when it is not tracked (or the view cannot say).</summary>
    string? WorkloadOf(CgroupSnapshot cgroup) => null;
}
