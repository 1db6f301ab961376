namespace KernelTruth.Simulations.Hpa;

/// <summary>What the replayed HPA scales on.</summary>
public enum HpaSignal
{
    /// <summary>metrics-server CPU: mean usage over the metric window / request (stock HPA Utilization).</summary>
    CpuAverage,

    /// <summary>kernel-truth cpu_demand_utilization: mean demand (usage + work held back by throttling) / request.</summary>
    DemandUtilization,

    /// <summary>kernel-truth cpu_throttled_periods_ratio: throttled / counted periods over the window.</summary>
    ThrottledRatio,

    /// <summary>
    /// kernel-truth cpu_demand_forecast_cores: the demand forecast for one pod start plus one sync ahead, per ready
    /// pod / request, never below <see cref="DemandUtilization"/> (scaling ahead must not scale later than reacting);
    /// the reactive value alone while the forecaster is unsure.
    /// </summary>
    Forecast,
}
