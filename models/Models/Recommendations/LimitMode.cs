namespace KernelTruth.Models.Recommendations;

/// <summary>How the CPU limit is recommended.</summary>
public enum LimitMode
{
    /// <summary>The smallest limit meeting the throttling SLO.</summary>
    Slo,

    /// <summary>No limit: throttling is impossible, the request alone decides the CPU share.</summary>
    NoLimit,
}
