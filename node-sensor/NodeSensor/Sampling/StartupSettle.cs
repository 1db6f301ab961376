namespace KernelTruth.NodeSensor.Sampling;

/// <summary>
/// When a starting container's CPU use settles: the first sample time s after its exec where the CPU
/// rate over [s, s+W] and over [s+W, s+2W] agree, within 20 % of the larger or 0.05 cores, whichever
/// is wider. Warm-up (JIT, cache fill) is a burst that ends; a steady state is whatever repeats.
/// Example, W = 1 s: a process that spins 0.6 s then idles, sampled every 0.2 s. At s = 0.2 s the
/// rates are 0.4 and 0 cores (differ by 0.4 > 0.05): not settled; at s = 0.6 s both are 0: settled
/// after 0.6 s. Resolution is the sampling interval; a container busy from its first sample on
/// (no warm-up burst) settles at its first sample.
/// </summary>
internal static class StartupSettle
{
    /// <summary>Relative agreement of the two stretches' rates.</summary>
    public const double RelativeTolerance = 0.2;

    /// <summary>Absolute agreement in cores: idle noise (a timer tick, a log line) is not a change.</summary>
    public const double AbsoluteToleranceCores = 0.05;

    /// <summary>Exec → settled in ns, or null when no stretch inside the samples agrees.</summary>
    public static ulong? Find(IReadOnlyList<UsagePoint> samples, ulong execNs, ulong settleWindowNs)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count < 2 || settleWindowNs == 0)
        {
            return null;
        }

        ulong last = samples[^1].AtNs;
        double w = settleWindowNs;
        foreach (var start in samples)
        {
            if (start.AtNs < execNs)
            {
                continue;
            }

            if (start.AtNs + (2 * settleWindowNs) > last)
            {
                break;
            }

            double u0 = UsageAt(samples, start.AtNs, p => p.UsageNs);
            double u1 = UsageAt(samples, start.AtNs + settleWindowNs, p => p.UsageNs);
            double u2 = UsageAt(samples, start.AtNs + (2 * settleWindowNs), p => p.UsageNs);
            double first = (u1 - u0) / w, second = (u2 - u1) / w;
            double tolerance = Math.Max(RelativeTolerance * Math.Max(first, second), AbsoluteToleranceCores);
            if (Math.Abs(first - second) <= tolerance)
            {
                return start.AtNs - execNs;
            }
        }

        return null;
    }

    /// <summary>
    /// A cumulative counter at <paramref name="atNs"/>, linear between the samples around it (the
    /// first or last sample's value outside them). Example: 100 ms at t = 1 s and 300 ms at t = 2 s
    /// give 250 ms at t = 1.75 s.
    /// </summary>
    public static double UsageAt(IReadOnlyList<UsagePoint> samples, ulong atNs, Func<UsagePoint, ulong> counter)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(counter);
        if (atNs <= samples[0].AtNs)
        {
            return counter(samples[0]);
        }

        for (int i = 1; i < samples.Count; i++)
        {
            var (a, b) = (samples[i - 1], samples[i]);
            if (atNs <= b.AtNs)
            {
                double fraction = b.AtNs == a.AtNs ? 1 : (double)(atNs - a.AtNs) / (b.AtNs - a.AtNs);
                return counter(a) + (fraction * ((double)counter(b) - counter(a)));
            }
        }

        return counter(samples[^1]);
    }
}
