namespace KernelTruth.Models.Recommendations;

/// <summary>VPA's resourcePolicy controlledValues.</summary>
public enum ControlledValues
{
    /// <summary>VPA sets requests and scales limits to keep the limit/request ratio (VPA's default).</summary>
    RequestsAndLimits,

    /// <summary>VPA sets requests only; the recommended limit is advice.</summary>
    RequestsOnly,
}
