using KernelTruth.Cli.Commands;
using KernelTruth.Cli.Observing;
using KernelTruth.NodeSensor.Cgroups;
using KernelTruth.NodeSensor.Hosting;
using KernelTruth.NodeSensor.KernelFiles;
using KernelTruth.NodeSensor.Recording;
using KernelTruth.Reports.Output;
using KernelTruth.Simulations.Trace;

namespace KernelTruth.Cli.Recording;

/// <summary>`ktruth record`: per-period records of cgroups into a trace file.</summary>
internal sealed class RecordRunner(CliEnvironment env)
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(200);

    public async Task<int> RunAsync(Configuration.RecordSettings settings, CancellationToken ct)
    {
        TraceOutputPath.Check(settings.Out);
        var hierarchy = CgroupTarget.DetectHierarchy();
        var targets = settings.Cgroups.Select(c => CgroupTarget.Resolve(c, hierarchy)).DistinctBy(t => t.Path).ToList();
        foreach (var t in targets)
        {
            CgroupUsageCheck.Require(hierarchy, t);
        }

        using var sensor = SensorRuntime.Start(new SensorOptions { AllCgroups = true }, env.Loggers, env.Time);
        var trace = await RecordAsync(targets, sensor, hierarchy, TimeSpan.FromSeconds(settings.Seconds), ct).ConfigureAwait(false);
        try
        {
            AtomicFile.Write(settings.Out, w =>
            {
                using var json = new MemoryStream();
                TraceReader.Write(trace, json);
                w.Write(System.Text.Encoding.UTF8.GetString(json.GetBuffer(), 0, (int)json.Length));
            });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliFailure($"--out {settings.Out}: the recording could not be written: {ex.Message}", inner: ex);
        }

        foreach (var cg in trace.Cgroups)
        {
            long throttled = cg.Periods.Count(p => p.Throttled);
            double usage = cg.Periods.Sum(p => p.UsageUs) / 1e6 / Math.Max(1e-9, cg.PeriodCount * cg.PeriodUs / 1e6);
            string limit = cg.QuotaUs is { } q ? $"{(double)q / cg.PeriodUs:0.###} cores" : "unlimited";
            await env.Out.WriteLineAsync($"{cg.Path}: {cg.PeriodCount} periods of {cg.PeriodUs / 1000.0:0.###} ms ({cg.Source}), {cg.Periods.Count} with records, {throttled} throttled, usage {usage:0.###} cores, limit {limit}, {cg.Gaps.Sum(g => g.To - g.From)} periods in gaps").ConfigureAwait(false);
        }

        await env.Out.WriteLineAsync($"wrote {settings.Out}").ConfigureAwait(false);
        return CliExitCodes.Ok;
    }

    /// <summary>The recording itself, against a running sensor (the kernel tests pass theirs).</summary>
    internal async Task<CpuTrace> RecordAsync(IReadOnlyList<CgroupTarget> targets, SensorRuntime sensor, CpuHierarchy hierarchy, TimeSpan duration, CancellationToken ct)
    {
        var ids = targets.ToDictionary(t => t.Path, t => DirectoryInode.TryGet(t.CpuDirectory, out ulong id) ? id : throw new CliFailure($"{t.CpuDirectory} has no inode"));
        var limited = targets.Where(t => CpuLimitReader.Read(hierarchy, t.Path) is not null).ToList();
        var unlimited = targets.Except(limited).ToList();
        var before = targets.ToDictionary(t => t.Path, t => CpuStatReader.Read(hierarchy, t.Path));
        int cpus = Environment.ProcessorCount;
        long startedUnixNs = (env.Time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;

        var windows = unlimited.Count == 0
            ? Task.FromResult<IReadOnlyList<CgroupTrace>>([])
            : new WindowRecorder(hierarchy, env.Time).RecordAsync([.. unlimited.Select(t => (t.Path, ids[t.Path]))], duration, cpus, ct);
        var records = limited.Count == 0
            ? []
            : await Task.Run(() => PollRing(sensor, [.. limited.Select(t => ids[t.Path])], duration, ct), ct).ConfigureAwait(false);
        var windowed = await windows.ConfigureAwait(false);

        var traces = new List<CgroupTrace>();
        var unusable = new List<string>();
        foreach (var t in limited)
        {
            var summary = SummaryOrNull(hierarchy, t.Path, before[t.Path]);
            var own = records.Where(r => r.CgroupId == ids[t.Path]).ToList();
            try
            {
                traces.Add(TraceBuilder.Build(t.Path, ids[t.Path], own, cpus, summary));
            }
            catch (InvalidOperationException ex)
            {
                // One cgroup without enough expiries (idle, or gone early) must not cost the others their recording.
                unusable.Add(ex.Message);
            }
        }

        traces.AddRange(windowed.Select(w => w with { Summary = SummaryOrNull(hierarchy, w.Path, before[w.Path]) }));
        if (traces.Count == 0)
        {
            throw new CliFailure(string.Join("; ", unusable));
        }

        foreach (string reason in unusable)
        {
            await env.Error.WriteLineAsync($"ktruth: warning: left out of the trace: {reason}").ConfigureAwait(false);
        }

        return new CpuTrace
        {
            Node = Environment.MachineName,
            Kernel = Environment.OSVersion.VersionString,
            StartedAtUnixNs = startedUnixNs,
            Cgroups = [.. traces.OrderBy(c => c.Path, StringComparer.Ordinal)],
        };
    }

    private List<KernelPeriodRecord> PollRing(SensorRuntime sensor, IReadOnlyCollection<ulong> ids, TimeSpan duration, CancellationToken ct)
    {
        var all = new List<KernelPeriodRecord>();
        using var recorder = sensor.StartRecording(ids);
        long start = env.Time.GetTimestamp();
        while (env.Time.GetElapsedTime(start) < duration)
        {
            ct.ThrowIfCancellationRequested();
            all.AddRange(recorder.Poll(PollTimeout));
        }

        all.AddRange(recorder.Poll(TimeSpan.Zero));

        if (recorder.DroppedRecords > 0)
        {
            env.Error.WriteLine($"ktruth: warning: {recorder.DroppedRecords} period records were dropped (ring buffer full); the trace marks them as gaps");
        }

        return all;
    }

    /// <summary>The kernel's counters over the recording; null when the cgroup went away before the end (its trace still stands).</summary>
    private TraceSummary? SummaryOrNull(CpuHierarchy hierarchy, string path, CpuStat before)
    {
        try
        {
            return Summary(before, CpuStatReader.Read(hierarchy, path));
        }
        catch (CgroupGoneException)
        {
            env.Error.WriteLine($"ktruth: warning: cgroup {path} went away during the recording; its trace holds the periods recorded until then, without the cpu.stat summary");
            return null;
        }
    }

    private static TraceSummary Summary(CpuStat before, CpuStat after) => new(
        (long)(after.NrPeriods - before.NrPeriods),
        (long)(after.NrThrottled - before.NrThrottled),
        (long)(after.ThrottledNs - before.ThrottledNs) / 1000,
        (long)((after.UsageNs ?? 0) - (before.UsageNs ?? 0)) / 1000);
}
