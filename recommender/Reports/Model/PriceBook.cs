namespace KernelTruth.Reports.Model;

/// <summary>
/// Prices per node pool. A workload is priced by the pool named in its <see cref="PoolLabel"/>
/// label; a workload without the label, or naming a pool not listed, gets <see cref="Default"/>.
/// </summary>
public sealed record PriceBook
{
    public PoolPrice Default { get; init; } = new(PriceDefaults.CpuCoreHour, PriceDefaults.MemoryGibHour);

    public IReadOnlyDictionary<string, PoolPrice> Pools { get; init; } = new Dictionary<string, PoolPrice>(StringComparer.Ordinal);

    public double HoursPerMonth { get; init; } = PriceDefaults.HoursPerMonth;

    public string PoolLabel { get; init; } = PriceDefaults.PoolLabel;

    public PoolPrice For(WorkloadFacts workload) =>
        workload.Labels.TryGetValue(PoolLabel, out string? pool) && Pools.TryGetValue(pool, out PoolPrice? price) ? price : Default;

    /// <summary>Every problem at once, each naming its field; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Check(Default, "default", errors);
        foreach (var (name, price) in Pools)
        {
            Check(price, $"pools.{name}", errors);
        }

        if (!(HoursPerMonth > 0 && HoursPerMonth <= 744))
        {
            errors.Add($"hoursPerMonth must be in (0, 744] (was {HoursPerMonth})");
        }

        return errors;
    }

    private static void Check(PoolPrice price, string name, List<string> errors)
    {
        if (!(price.CpuCoreHour >= 0 && double.IsFinite(price.CpuCoreHour)))
        {
            errors.Add($"{name}.cpuHour must be a price ≥ 0 (was {price.CpuCoreHour})");
        }

        if (!(price.MemoryGibHour >= 0 && double.IsFinite(price.MemoryGibHour)))
        {
            errors.Add($"{name}.gibHour must be a price ≥ 0 (was {price.MemoryGibHour})");
        }
    }
}
