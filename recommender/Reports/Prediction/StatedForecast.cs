using KernelTruth.Reports.Model;

namespace KernelTruth.Reports.Prediction;

/// <summary>
/// The source's own prediction. With no CPU limit recommended nothing can be throttled, so the
/// answer is zero whatever the source said; a prediction made for another limit than the one
/// recommended is not used (it would describe a different change).
/// </summary>
public sealed class StatedForecast : IThrottleForecast
{
    public static readonly StatedForecast Instance = new();

    public ThrottleOutlook? AtRecommendedLimit(WorkloadFacts workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        double? limit = workload.Recommended.CpuLimitCores;
        if (limit is null)
        {
            return workload.Recommended.CpuRequestCores is null ? null : new ThrottleOutlook(null, 0, 0, Extrapolated: false);
        }

        ThrottleOutlook? stated = workload.StatedPrediction;
        return stated is not null && (stated.LimitCores is null || Math.Abs(stated.LimitCores.Value - limit.Value) < 0.0005) ? stated with { LimitCores = limit } : null;
    }
}
