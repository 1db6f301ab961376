using System.Text.Json;

namespace KernelTruth.Simulations.Trace;

/// <summary>Reads and validates a trace; every problem found is reported at once, each naming its field.</summary>
public static class TraceReader
{
    /// <summary>
    /// The replay allocates per period (demand, backlog: ~16 bytes each), so the periods a trace claims are bounded before
    /// anything is allocated. A period-timer trace lists only periods with CPU use, so an idle stretch costs no bytes:
    /// each byte of the file may stand for up to this many periods, and any file for <see cref="MinPeriodBudget"/>.
    /// Worked example: a 264-byte file may claim 264 × 64 = 16 896 periods, so the floor decides: 864 000 (a day of 100 ms
    /// periods, 14 MB to replay); "periodCount": 2147483647 (34 GB to replay) is refused. A day's busy trace of 100 ms
    /// periods is ~50 MB on disk: its 864 000 periods sit far inside 64 × 50 MB.
    /// </summary>
    public const long PeriodsPerByte = 64;

    /// <summary>A day of 100 ms periods: what `ktruth record --duration 24h` of an idle limited cgroup claims.</summary>
    public const long MinPeriodBudget = 864_000;

    /// <summary>The kernel's largest cpu.cfs_period_us (1 s); window traces use 100 ms.</summary>
    public const long MaxPeriodUs = 1_000_000;

    /// <summary>More CPUs than any Linux build supports (NR_CPUS tops out at 8192); bounds usage per period.</summary>
    public const int MaxCpus = 8192;

    /// <summary>Every CPU for the longest period: a larger quota or burst can never bind (and would overflow sums).</summary>
    public const long MaxQuotaUs = MaxCpus * MaxPeriodUs;

    public static CpuTrace Read(Stream json)
    {
        CpuTrace? trace;
        try
        {
            trace = JsonSerializer.Deserialize(json, TraceJsonContext.Default.CpuTrace);
        }
        catch (JsonException ex)
        {
            throw new TraceFormatException($"trace is truncated or not a ktruth trace: {ex.Message}", ex);
        }

        if (trace is null)
        {
            throw new TraceFormatException("trace is empty (JSON null)");
        }

        var errors = Validate(trace, PeriodBudget(json.CanSeek ? json.Length : 0));
        if (errors.Count > 0)
        {
            throw new TraceFormatException(string.Join("; ", errors));
        }

        return trace;
    }

    public static void Write(CpuTrace trace, Stream into) => JsonSerializer.Serialize(into, trace, TraceJsonContext.Default.CpuTrace);

    /// <summary>How many periods a file of <paramref name="bytes"/> may claim over all its cgroups (<see cref="PeriodsPerByte"/>).</summary>
    public static long PeriodBudget(long bytes) => Math.Max(MinPeriodBudget, bytes > long.MaxValue / PeriodsPerByte ? long.MaxValue : bytes * PeriodsPerByte);

    public static IReadOnlyList<string> Validate(CpuTrace trace) => Validate(trace, MinPeriodBudget);

    /// <param name="periodBudget">The periods the trace may claim over all its cgroups (<see cref="PeriodBudget"/>).</param>
    public static IReadOnlyList<string> Validate(CpuTrace trace, long periodBudget)
    {
        var errors = new List<string>();
        if (trace.Kind != CpuTrace.TraceKind)
        {
            errors.Add($"kind '{trace.Kind}' is not '{CpuTrace.TraceKind}'");
        }

        if (trace.Version > CpuTrace.CurrentVersion)
        {
            errors.Add($"version {trace.Version} is newer than this ktruth reads ({CpuTrace.CurrentVersion}): upgrade ktruth");
            return errors; // a newer shape: its fields may mean something else
        }

        if (trace.Version < 1)
        {
            errors.Add($"version {trace.Version} is not a trace version (1 is the first)");
        }

        // JSON null where a list belongs deserializes as null despite the non-nullable type.
        if (trace.Cgroups is null || trace.Cgroups.Count == 0)
        {
            errors.Add(trace.Cgroups is null ? "cgroups is null: the trace records nothing" : "cgroups is empty: the trace records nothing");
            return errors;
        }

        long claimed = 0;
        for (int c = 0; c < trace.Cgroups.Count; c++)
        {
            if (trace.Cgroups[c] is not { } cg)
            {
                errors.Add($"cgroups[{c}] is null");
                continue;
            }

            ValidateCgroup(cg, $"cgroups[{c}]", errors);
            claimed += Math.Clamp(cg.PeriodCount, 0, long.MaxValue / 2 / trace.Cgroups.Count);
        }

        if (claimed > periodBudget)
        {
            errors.Add($"the cgroups claim {claimed} periods, more than a file this size can hold ({periodBudget}): periodCount is corrupt");
        }

        return errors;
    }

    private static void ValidateCgroup(CgroupTrace cg, string at, List<string> errors)
    {
        if (cg.PeriodUs <= 0)
        {
            errors.Add($"{at}.periodUs {cg.PeriodUs} must be > 0");
        }

        if (cg.PeriodCount <= 0)
        {
            errors.Add($"{at}.periodCount {cg.PeriodCount} must be > 0");
        }

        if (cg.PeriodUs > MaxPeriodUs)
        {
            errors.Add($"{at}.periodUs {cg.PeriodUs} is longer than the kernel's largest period ({MaxPeriodUs})");
        }

        if (cg.Cpus is <= 0 or > MaxCpus)
        {
            errors.Add($"{at}.cpus {cg.Cpus} must be in 1–{MaxCpus}");
        }

        if (cg.Periods is null || cg.Gaps is null)
        {
            errors.Add($"{at}.{(cg.Periods is null ? "periods" : "gaps")} is null (an empty list is [])");
            return;
        }

        // usage in one period cannot exceed every CPU busy for the whole period; twice that leaves room for a
        // period timer that fired late (its record then covers more than one period's time).
        long maxUsageUs = cg.PeriodUs is > 0 and <= MaxPeriodUs && cg.Cpus is > 0 and <= MaxCpus ? 2 * cg.PeriodUs * cg.Cpus : long.MaxValue;

        if (cg.QuotaUs is <= 0 or > MaxQuotaUs)
        {
            errors.Add($"{at}.quotaUs {cg.QuotaUs} must be in 1–{MaxQuotaUs} or null (unlimited)");
        }

        if (cg.BurstUs is < 0 or > MaxQuotaUs)
        {
            errors.Add($"{at}.burstUs {cg.BurstUs} must be in 0–{MaxQuotaUs}");
        }

        if (cg.Source is not (TraceSources.PeriodTimer or TraceSources.Window))
        {
            errors.Add($"{at}.source '{cg.Source}' is not '{TraceSources.PeriodTimer}' or '{TraceSources.Window}'");
        }

        long previous = -1;
        for (int i = 0; i < cg.Periods.Count; i++)
        {
            if (cg.Periods[i] is not { } p)
            {
                errors.Add($"{at}.periods[{i}] is null");
                return;
            }

            if (p.Index <= previous || p.Index >= cg.PeriodCount)
            {
                errors.Add($"{at}.periods[{i}].index {p.Index} must be ascending and < periodCount {cg.PeriodCount}");
                return; // one ordering error explains the rest
            }

            if (p.UsageUs < 0 || p.ThrottledUs < 0)
            {
                errors.Add($"{at}.periods[{i}] usageUs {p.UsageUs} / throttledUs {p.ThrottledUs} must be ≥ 0");
            }
            else if (p.UsageUs > maxUsageUs || p.ThrottledUs > maxUsageUs)
            {
                errors.Add($"{at}.periods[{i}] usageUs {p.UsageUs} / throttledUs {p.ThrottledUs} is more than {cg.Cpus} CPUs can do in two periods of {cg.PeriodUs} µs ({maxUsageUs})");
            }

            if (p.QuotaUs is <= 0 or > MaxQuotaUs)
            {
                errors.Add($"{at}.periods[{i}].quotaUs {p.QuotaUs} must be in 1–{MaxQuotaUs} or null (unlimited)");
            }

            if (p.CpusUsed < 0 || p.MaxCpuUsageUs < 0 || p.MaxCpuUsageUs > p.UsageUs || p.ThrottledCpus < 0)
            {
                errors.Add($"{at}.periods[{i}] cpusUsed {p.CpusUsed} / maxCpuUsageUs {p.MaxCpuUsageUs} / throttledCpus {p.ThrottledCpus} must be ≥ 0, the largest share at most usageUs {p.UsageUs}");
            }

            previous = p.Index;
        }

        for (int g = 0; g < cg.Gaps.Count; g++)
        {
            if (cg.Gaps[g] is not { } gap)
            {
                errors.Add($"{at}.gaps[{g}] is null");
                continue;
            }

            if (gap.From < 0 || gap.To <= gap.From || gap.To > cg.PeriodCount)
            {
                errors.Add($"{at}.gaps[{g}] [{gap.From}, {gap.To}) is not a range inside 0..periodCount {cg.PeriodCount}");
            }
        }
    }
}
