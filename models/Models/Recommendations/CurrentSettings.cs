namespace KernelTruth.Models.Recommendations;

/// <summary>The CPU settings in force at the last interval: what "current" means in the evidence.</summary>
internal readonly record struct CurrentSettings(double? LimitCores, double BurstCores, double? RequestCores, double PeriodSeconds)
{
    public static CurrentSettings Unknown => new(null, 0, null, Input.WorkloadInterval.DefaultPeriodSeconds);

    /// <summary>limit/request when both are known and positive.</summary>
    public double? Ratio => LimitCores is double l && RequestCores is double r && r > 0 ? l / r : null;
}
