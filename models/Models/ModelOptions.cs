namespace KernelTruth.Models;

/// <summary>Shape of the per-container state; changing any of them invalidates checkpoints' meaning.</summary>
public sealed record ModelOptions
{
    /// <summary>Half-life of the demand distribution. Default 24 h; valid 1 min – 30 days.</summary>
    public TimeSpan DemandHalfLife { get; init; } = ModelDefaults.HalfLife;

    /// <summary>Half-life of throttle and contention waits. Default 24 h; valid 1 min – 30 days.</summary>
    public TimeSpan WaitHalfLife { get; init; } = ModelDefaults.HalfLife;

    /// <summary>Half-life of memory peaks. Default 24 h; valid 1 min – 30 days.</summary>
    public TimeSpan MemoryHalfLife { get; init; } = ModelDefaults.HalfLife;

    /// <summary>One memory peak per window this long. Default 24 h; valid 1 min – 7 days.</summary>
    public TimeSpan MemoryAggregationInterval { get; init; } = ModelDefaults.MemoryAggregationInterval;

    /// <summary>Distinct demand values kept (12 bytes each). Default 64; valid 8 – 4096.</summary>
    public int DemandMaxEntries { get; init; } = ModelDefaults.DemandMaxEntries;

    /// <summary>Every problem with these options, or empty.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        CheckSpan(DemandHalfLife, TimeSpan.FromDays(30), nameof(DemandHalfLife), errors);
        CheckSpan(WaitHalfLife, TimeSpan.FromDays(30), nameof(WaitHalfLife), errors);
        CheckSpan(MemoryHalfLife, TimeSpan.FromDays(30), nameof(MemoryHalfLife), errors);
        CheckSpan(MemoryAggregationInterval, TimeSpan.FromDays(7), nameof(MemoryAggregationInterval), errors);
        if (DemandMaxEntries is < 8 or > 4096)
        {
            errors.Add($"{nameof(DemandMaxEntries)} must be in [8, 4096] (was {DemandMaxEntries})");
        }

        return errors;
    }

    internal void ThrowIfInvalid()
    {
        IReadOnlyList<string> errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid model options: " + string.Join("; ", errors));
        }
    }

    private static void CheckSpan(TimeSpan value, TimeSpan max, string name, List<string> errors)
    {
        if (value < TimeSpan.FromMinutes(1) || value > max)
        {
            errors.Add($"{name} must be in [1 min, {max.TotalDays} days] (was {value})");
        }
    }
}
