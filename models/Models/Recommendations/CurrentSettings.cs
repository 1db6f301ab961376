namespace KernelTruth.Models.Recommendations;

/// <summary>The CPU settings in force at the last interval: what "current" means in the evidence.</summary>
internal readonly struct CurrentSettings
{
    // NaN = unknown: a double? takes 16 bytes, and this is in every container.
    private readonly double _limit;
    private readonly double _request;

    public CurrentSettings(double? limitCores, double burstCores, double? requestCores, double periodSeconds)
    {
        _limit = limitCores ?? double.NaN;
        _request = requestCores ?? double.NaN;
        BurstCores = burstCores;
        PeriodSeconds = periodSeconds;
    }

    public static CurrentSettings Unknown => new(null, 0, null, Input.WorkloadInterval.DefaultPeriodSeconds);

    /// <summary>null = unlimited.</summary>
    public double? LimitCores => double.IsNaN(_limit) ? null : _limit;

    public double BurstCores { get; }

    /// <summary>null = unknown.</summary>
    public double? RequestCores => double.IsNaN(_request) ? null : _request;

    public double PeriodSeconds { get; }

    /// <summary>limit/request when both are known and positive.</summary>
    public double? Ratio => LimitCores is double l && RequestCores is double r && r > 0 ? l / r : null;
}
