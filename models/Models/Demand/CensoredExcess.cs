using KernelTruth.Models.Input;

namespace KernelTruth.Models.Demand;

/// <summary>
/// What one interval says about demand its limit hid, as both the per-period demand
/// (<see cref="DemandModel"/>) and the per-minute demand (<see cref="MinuteDeferral"/>) read it.
/// </summary>
/// <remarks>
/// Over T throttled periods with total throttle wait W, μ = W/(T·period) cores would be the mean
/// excess above the limit L if every second waited were a CPU-second wanted. It is not: a thread
/// throttled with little work left still waits out the period, and several threads waiting at once
/// add up their waits. So μ is capped at L·(<see cref="ModelDefaults.CensoredGrowthCap"/> − 1)/2:
/// censored demand is spread over [L, L + 2μ] ⊆ [L, 2L]. Worked example: limit 0.2, 600 periods all
/// throttled, W = 18 s ⇒ W/(T·period) = 0.3, capped at 0.1 core ⇒ 600 · 0.1 s · 0.1 = 6 CPU-seconds hidden.
/// </remarks>
internal static class CensoredExcess
{
    /// <summary>Mean excess μ above the limit of the interval's throttled periods, cores; 0 without throttling or limit.</summary>
    public static double MeanCores(WorkloadInterval interval)
    {
        long throttled = interval.ThrottledPeriods;
        if (throttled <= 0 || interval.LimitCores is not double limit)
        {
            return 0.0;
        }

        return Math.Min(interval.ThrottleWaitSeconds / (throttled * interval.PeriodSeconds), limit * (ModelDefaults.CensoredGrowthCap - 1) / 2);
    }

    /// <summary>μ over all the interval's throttled periods, CPU-seconds: T · period · μ.</summary>
    public static double Seconds(WorkloadInterval interval) => interval.ThrottledPeriods * interval.PeriodSeconds * MeanCores(interval);

    /// <summary>
    /// The limit held the workload back in every period of the interval: it never caught up, so work
    /// may still be waiting at the end (an interval with one unthrottled period ran out of work then).
    /// </summary>
    public static bool ThrottledThroughout(WorkloadInterval interval) =>
        interval.LimitCores is not null && interval.ThrottledPeriods > 0 && interval.ThrottledPeriods >= interval.Periods;
}
