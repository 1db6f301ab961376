using KernelTruth.NodeSensor.Cgroups;
using KernelTruth.NodeSensor.KernelFiles;
using KernelTruth.Simulations.Trace;

namespace KernelTruth.Cli.Recording;

/// <summary>
/// Per-window usage of unlimited cgroups (no quota, so no period timer): the kernel's cumulative
/// usage (cpuacct.usage / cpu.stat usage_usec) read every window of the default period length.
/// A tick that comes late covers several windows it cannot split: those windows become a gap.
/// </summary>
internal sealed class WindowRecorder(CpuHierarchy hierarchy, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);

    public async Task<IReadOnlyList<CgroupTrace>> RecordAsync(IReadOnlyList<(string Path, ulong Id)> cgroups, TimeSpan duration, int cpus, CancellationToken ct)
    {
        int n = cgroups.Count;
        var last = cgroups.Select(c => Usage(c.Path)).ToArray();
        var periods = cgroups.Select(_ => new List<PeriodRecord>()).ToArray();
        var gaps = cgroups.Select(_ => new List<PeriodGap>()).ToArray();

        // A cgroup removed mid-recording ends there: its trace covers the windows before, the others go on.
        var periodCount = new long[n];
        var gone = new bool[n];
        long start = time.GetTimestamp();
        long previousIndex = -1;
        using var timer = new PeriodicTimer(Window, time);
        while (time.GetElapsedTime(start) < duration && await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            long index = (long)Math.Round(time.GetElapsedTime(start) / Window) - 1;
            if (index <= previousIndex)
            {
                continue;
            }

            for (int c = 0; c < n; c++)
            {
                if (gone[c])
                {
                    continue;
                }

                long now;
                try
                {
                    now = Usage(cgroups[c].Path);
                }
                catch (CgroupGoneException)
                {
                    gone[c] = true;
                    continue;
                }

                periodCount[c] = index + 1;
                long used = now - last[c];
                last[c] = now;
                if (index - previousIndex > 1)
                {
                    gaps[c].Add(new PeriodGap(previousIndex + 1, index + 1, "the window sampler was late"));
                }
                else
                {
                    periods[c].Add(new PeriodRecord(index, used / 1000, false, 0, null));
                }
            }

            previousIndex = index;
        }

        return [.. Enumerable.Range(0, n).Select(c => new CgroupTrace
        {
            Path = cgroups[c].Path,
            Id = cgroups[c].Id,
            Source = TraceSources.Window,
            PeriodUs = (long)Window.TotalMicroseconds,
            PeriodCount = periodCount[c],
            Cpus = cpus,
            Periods = periods[c],
            Gaps = gaps[c],
        })];
    }

    private long Usage(string path) =>
        (long)(CpuStatReader.Read(hierarchy, path).UsageNs ?? throw new CgroupGoneException(path, "cpuacct.usage"));
}
