using KernelTruth.Cli.Commands;
using KernelTruth.Simulations.Replay;
using KernelTruth.Simulations.Trace;

namespace KernelTruth.Cli.Simulating;

/// <summary>Loads a trace file and picks the cgroup to simulate; failures name the file, field or cgroup.</summary>
internal static class TraceInput
{
    public static CgroupTrace Load(string file, string? cgroup)
    {
        CpuTrace trace;
        try
        {
            using var stream = File.OpenRead(file);
            trace = TraceReader.Read(stream);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliFailure($"--trace {file}: {ex.Message}", CliExitCodes.Usage, ex);
        }
        catch (TraceFormatException ex)
        {
            throw new CliFailure($"--trace {file}: {ex.Message}", CliExitCodes.Usage, ex);
        }

        return Pick(trace, file, cgroup);
    }

    /// <summary>
    /// The cgroup named by <paramref name="cgroup"/> as `recommend` takes it ("/x", "x" or
    /// "/sys/fs/cgroup/cpu/x" all match the recorded "/x"); the only one when not given.
    /// </summary>
    public static CgroupTrace Pick(CpuTrace trace, string file, string? cgroup)
    {
        if (string.IsNullOrWhiteSpace(cgroup))
        {
            return trace.Cgroups.Count == 1
                ? trace.Cgroups[0]
                : throw new CliFailure($"--trace {file} holds {trace.Cgroups.Count} cgroups; pick one with --cgroup: {string.Join(", ", trace.Cgroups.Select(c => c.Path))}", CliExitCodes.Usage);
        }

        string wanted = "/" + cgroup.Trim().TrimEnd('/').TrimStart('/');
        var match = trace.Cgroups.Where(c => c.Path == wanted || wanted.EndsWith(c.Path, StringComparison.Ordinal) && c.Path.Length > 1).ToList();
        return match.Count == 1
            ? match[0]
            : throw new CliFailure($"--cgroup {cgroup} matches {match.Count} cgroups in {file}; it holds: {string.Join(", ", trace.Cgroups.Select(c => c.Path))}", CliExitCodes.Usage);
    }

    /// <summary>The cgroup's demand at <paramref name="period"/> (a whole multiple of the recorded period, or the recorded one).</summary>
    public static DemandSeries Demand(CgroupTrace cg, TimeSpan? period, List<string> warnings)
    {
        var demand = DemandReconstruction.FromTrace(cg, warnings);
        if (period is not { } p)
        {
            return demand;
        }

        double recordedUs = cg.PeriodUs;
        double factor = p.TotalMicroseconds / recordedUs;
        if (Math.Abs(factor - Math.Round(factor)) > 1e-9 || factor < 1)
        {
            throw new CliFailure($"--period {p.TotalMilliseconds} ms is not a whole multiple of the recorded period {recordedUs / 1000} ms: work inside a recorded period cannot be split", CliExitCodes.Usage);
        }

        if (factor > cg.PeriodCount)
        {
            throw new CliFailure($"--period {p.TotalMilliseconds} ms is longer than the trace ({cg.PeriodCount * recordedUs / 1e6} s)", CliExitCodes.Usage);
        }

        return DemandReconstruction.Coarsen(demand, (int)Math.Round(factor));
    }
}
