using System.Globalization;

namespace KernelTruth.NodeSensor.Tests.Kernel;

/// <summary>The kernel's per-thread accounting in /proc, summed over a set of threads.</summary>
internal static class ProcTasks
{
    /// <summary>(voluntary, involuntary) context switches from /proc/&lt;tid&gt;/status.</summary>
    public static (ulong Voluntary, ulong Involuntary) Switches(IEnumerable<int> tids)
    {
        ulong vol = 0, invol = 0;
        foreach (int tid in tids)
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines($"/proc/{tid}/status");
            }
            catch (IOException)
            {
                continue; // the thread exited between listing and reading
            }

            vol += Field(lines, "voluntary_ctxt_switches:");
            invol += Field(lines, "nonvoluntary_ctxt_switches:");
        }

        return (vol, invol);
    }

    /// <summary>Sum of run_delay (ns, field 2 of /proc/&lt;tid&gt;/schedstat): time runnable but not running.</summary>
    public static ulong RunDelayNs(IEnumerable<int> tids)
    {
        ulong sum = 0;
        foreach (int tid in tids)
        {
            try
            {
                sum += ulong.Parse(File.ReadAllText($"/proc/{tid}/schedstat").Split(' ')[1], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
            }
        }

        return sum;
    }

    /// <summary>
    /// CONFIG_HZ from /proc/config.gz or, where the kernel does not expose its config (Debian's),
    /// /boot/config-&lt;release&gt; as distributions install it; 100 (the coarsest tick) when neither is there.
    /// </summary>
    public static int KernelHz()
    {
        string release = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        return HzFrom(() => new System.IO.Compression.GZipStream(File.OpenRead("/proc/config.gz"), System.IO.Compression.CompressionMode.Decompress))
            ?? HzFrom(() => File.OpenRead($"/boot/config-{release}"))
            ?? 100;
    }

    private static int? HzFrom(Func<Stream> open)
    {
        try
        {
            using var reader = new StreamReader(open());
            while (reader.ReadLine() is { } line)
            {
                if (line.StartsWith("CONFIG_HZ=", StringComparison.Ordinal))
                {
                    return int.Parse(line["CONFIG_HZ=".Length..], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }

    private static ulong Field(string[] lines, string key) =>
        ulong.Parse(lines.First(l => l.StartsWith(key, StringComparison.Ordinal))[key.Length..].Trim(), CultureInfo.InvariantCulture);
}
