namespace KernelTruth.NodeSensor.Bpf.Programs;

/// <summary>Whether a kernel symbol's address is visible, which libbpf needs for __ksym externs.</summary>
internal static class KernelSymbols
{
    public static bool IsResolvable(string symbol, string kallsymsPath = "/proc/kallsyms")
    {
        try
        {
            foreach (string line in File.ReadLines(kallsymsPath))
            {
                // "ffffffff813b8bb0 t sched_cfs_period_timer"; addresses read as zeros when hidden.
                int last = line.LastIndexOf(' ');
                if (last > 0 && line.AsSpan(last + 1).SequenceEqual(symbol))
                {
                    return !line.AsSpan(0, line.IndexOf(' ')).TrimStart('0').IsEmpty;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return false;
    }
}
