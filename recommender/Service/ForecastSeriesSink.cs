using KernelTruth.Recommender.Output;

namespace KernelTruth.Service;

/// <summary>
/// After each loop, every modelled workload container's published demand forecast (what the external metric
/// cpu_demand_forecast_cores hands the HPA, all replicas summed) copied as numbers for /metrics
/// (<see cref="RecommendationGauges.Forecasts"/>): the engine belongs to the loop, so a scrape reads this copy, at most
/// one loop old, not the engine. It writes nothing to the API server and runs on every replica; only the Lease holder
/// exports the series.
/// </summary>
internal sealed class ForecastSeriesSink(RecommendationGauges gauges) : ILoopSink
{
    public const string SinkName = "forecast-series";

    public string Name => SinkName;

    public Task<SinkResult> WriteAsync(LoopOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var forecasts = new List<WorkloadForecast>();
        foreach (string key in output.Models.Workloads)
        {
            if (output.Models.ForecastCores(key) is { } forecast)
            {
                forecasts.Add(new WorkloadForecast(key, forecast.Cores, forecast.FromForecaster));
            }
        }

        gauges.Forecasts = forecasts;
        return Task.FromResult(new SinkResult(Items: forecasts.Count));
    }
}

/// <summary>A workload container's published demand forecast: its engine key, the cores, and whether the forecaster made it (else the reactive value).</summary>
internal sealed record WorkloadForecast(string Workload, double Cores, bool FromForecaster);
