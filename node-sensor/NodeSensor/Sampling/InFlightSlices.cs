using KernelTruth.NodeSensor.Bpf.Programs;

namespace KernelTruth.NodeSensor.Sampling;

/// <summary>
/// On-CPU time of the slices running while the sensor reads its stats map, per cgroup.
/// </summary>
/// <remarks>
/// <para>The stats map holds the CPU time of finished slices only; the slice running on each CPU
/// is added from the per-CPU running map. The two reads are not atomic. A slice that ends while
/// the stats map is being read lands in the stats and would be counted a second time as running:
/// up to its whole length (stress-ng's load slices last up to 0.5 s), and the sampler's monotone
/// clamp keeps such an overcount. So the running map is read before and after the stats: a slice
/// seen in both reads ran through the whole stats read and is added up to <c>now</c>; a CPU whose
/// slice changed between them is left out for this read (its slice is in the stats now or will be
/// at the next read: a momentary undercount that the clamp absorbs, never a double count).</para>
/// <para>Worked example, now = 100: CPU 0 runs cgroup 7 since 60 in both reads ⇒ 7 gets 40.
/// CPU 1 ran cgroup 7 since 20 before and cgroup 9 since 99 after ⇒ nothing from CPU 1.</para>
/// </remarks>
internal static class InFlightSlices
{
    /// <summary>CPUs whose slice changed between the two reads (a retry is worth it while this is &gt; 0).</summary>
    public static int Changed(IReadOnlyList<CpuRunningNative> before, IReadOnlyList<CpuRunningNative> after)
    {
        int changed = 0;
        for (int cpu = 0; cpu < before.Count; cpu++)
        {
            if (before[cpu].SinceNs != 0 && !SameSlice(before[cpu], after, cpu))
            {
                changed++;
            }
        }

        return changed;
    }

    /// <summary>Running time up to <paramref name="now"/> of the slices seen in both reads, summed per cgroup.</summary>
    public static Dictionary<ulong, ulong> Between(IReadOnlyList<CpuRunningNative> before, IReadOnlyList<CpuRunningNative> after, ulong now)
    {
        var slices = new Dictionary<ulong, ulong>();
        for (int cpu = 0; cpu < before.Count; cpu++)
        {
            var slice = before[cpu];
            if (slice.SinceNs != 0 && now > slice.SinceNs && SameSlice(slice, after, cpu))
            {
                slices[slice.CgroupId] = slices.GetValueOrDefault(slice.CgroupId) + (now - slice.SinceNs);
            }
        }

        return slices;
    }

    private static bool SameSlice(CpuRunningNative slice, IReadOnlyList<CpuRunningNative> after, int cpu) =>
        cpu < after.Count && after[cpu].SinceNs == slice.SinceNs && after[cpu].CgroupId == slice.CgroupId;
}
