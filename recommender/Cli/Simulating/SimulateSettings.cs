using KernelTruth.Contracts.Units;
using KernelTruth.Simulations;

namespace KernelTruth.Cli.Simulating;

/// <summary>What `ktruth simulate` was asked; every problem is reported at once, naming the option.</summary>
internal sealed record SimulateSettings
{
    public string Trace { get; init; } = "";

    public string? Cgroup { get; init; }

    public string? Limit { get; init; }

    public TimeSpan? Period { get; init; }

    public string? Burst { get; init; }

    public string? Sweep { get; init; }

    public bool Csv { get; init; }

    public bool Json { get; init; }

    /// <summary>More cores than any Linux build supports (NR_CPUS tops out at 8192): a larger limit is a typo.</summary>
    public const double MaxCores = 8192;

    public double LimitCores => Quantity.TryParseNonNegative(Limit, out double c) ? c : double.NaN;

    public double BurstCores => Burst is null ? 0 : Quantity.TryParseNonNegative(Burst, out double c) ? c : double.NaN;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Trace))
        {
            errors.Add("--trace must name a trace file written by `ktruth record`");
        }

        if ((Limit is null) == (Sweep is null))
        {
            errors.Add("give either --limit (one limit) or --sweep FROM:COUNT:STEP (a range of limits)");
        }

        if (Limit is not null && !(LimitCores > 0 && LimitCores <= MaxCores))
        {
            errors.Add($"--limit '{Limit}' must be a CPU amount in (0, {MaxCores}], e.g. 600m or 1.5 (an unlimited cgroup is never throttled)");
        }

        if (Burst is not null && !(BurstCores >= 0 && BurstCores <= MaxCores))
        {
            errors.Add($"--burst '{Burst}' must be a CPU amount in [0, {MaxCores}], e.g. 200m");
        }
        else if (Burst is not null && LimitCores > 0 && BurstCores > LimitCores)
        {
            // The kernel refuses cpu.cfs_burst_us above cpu.cfs_quota_us (EINVAL), so no cgroup can run like that.
            errors.Add($"--burst '{Burst}' is above --limit '{Limit}': the kernel accepts a burst of at most the quota");
        }

        if (Period is { } p && (p < TimeSpan.FromMilliseconds(1) || p > TimeSpan.FromSeconds(1)))
        {
            errors.Add($"--period {p.TotalMilliseconds} ms is outside the kernel's 1ms–1s");
        }

        if (Csv && Sweep is null)
        {
            errors.Add("--csv applies to --sweep only");
        }

        if (Sweep is not null)
        {
            _ = LimitSweep(out string? error);
            if (error is not null)
            {
                errors.Add(error);
            }
        }

        return errors;
    }

    public IReadOnlyList<double> LimitSweep(out string? error) => Simulations.Replay.LimitSweep.ParseRange(Sweep ?? "", out error);
}
