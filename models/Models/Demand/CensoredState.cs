namespace KernelTruth.Models.Demand;

/// <summary>Persisted censored demand: one entry per limit, decayed against the demand's reference time.</summary>
public sealed record CensoredState
{
    public required int[] LimitMillicores { get; init; }

    public required double[] Weights { get; init; }

    /// <summary>Σ weight × mean excess μ (cores) per limit.</summary>
    public required double[] WeightedExcess { get; init; }

    public required double Total { get; init; }
}
