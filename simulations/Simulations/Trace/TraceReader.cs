using System.Text.Json;

namespace KernelTruth.Simulations.Trace;

/// <summary>Reads and validates a trace; every problem found is reported at once, each naming its field.</summary>
public static class TraceReader
{
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

        var errors = Validate(trace);
        if (errors.Count > 0)
        {
            throw new TraceFormatException(string.Join("; ", errors));
        }

        return trace;
    }

    public static void Write(CpuTrace trace, Stream into) => JsonSerializer.Serialize(into, trace, TraceJsonContext.Default.CpuTrace);

    public static IReadOnlyList<string> Validate(CpuTrace trace)
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

        if (trace.Cgroups.Count == 0)
        {
            errors.Add("cgroups is empty: the trace records nothing");
        }

        for (int c = 0; c < trace.Cgroups.Count; c++)
        {
            ValidateCgroup(trace.Cgroups[c], $"cgroups[{c}]", errors);
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

        if (cg.Cpus <= 0)
        {
            errors.Add($"{at}.cpus {cg.Cpus} must be > 0");
        }

        if (cg.QuotaUs is <= 0)
        {
            errors.Add($"{at}.quotaUs {cg.QuotaUs} must be > 0 or null (unlimited)");
        }

        if (cg.BurstUs < 0)
        {
            errors.Add($"{at}.burstUs {cg.BurstUs} must be ≥ 0");
        }

        if (cg.Source is not (TraceSources.PeriodTimer or TraceSources.Window))
        {
            errors.Add($"{at}.source '{cg.Source}' is not '{TraceSources.PeriodTimer}' or '{TraceSources.Window}'");
        }

        long previous = -1;
        for (int i = 0; i < cg.Periods.Count; i++)
        {
            var p = cg.Periods[i];
            if (p.Index <= previous || p.Index >= cg.PeriodCount)
            {
                errors.Add($"{at}.periods[{i}].index {p.Index} must be ascending and < periodCount {cg.PeriodCount}");
                return; // one ordering error explains the rest
            }

            if (p.UsageUs < 0 || p.ThrottledUs < 0)
            {
                errors.Add($"{at}.periods[{i}] usageUs {p.UsageUs} / throttledUs {p.ThrottledUs} must be ≥ 0");
            }

            if (p.CpusUsed < 0 || p.MaxCpuUsageUs < 0 || p.MaxCpuUsageUs > p.UsageUs || p.ThrottledCpus < 0)
            {
                errors.Add($"{at}.periods[{i}] cpusUsed {p.CpusUsed} / maxCpuUsageUs {p.MaxCpuUsageUs} / throttledCpus {p.ThrottledCpus} must be ≥ 0, the largest share at most usageUs {p.UsageUs}");
            }

            previous = p.Index;
        }

        for (int g = 0; g < cg.Gaps.Count; g++)
        {
            var gap = cg.Gaps[g];
            if (gap.From < 0 || gap.To <= gap.From || gap.To > cg.PeriodCount)
            {
                errors.Add($"{at}.gaps[{g}] [{gap.From}, {gap.To}) is not a range inside 0..periodCount {cg.PeriodCount}");
            }
        }
    }
}
