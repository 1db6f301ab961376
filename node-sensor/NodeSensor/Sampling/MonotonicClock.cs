using System.Runtime.InteropServices;

namespace KernelTruth.NodeSensor.Sampling;

/// <summary>
/// CLOCK_MONOTONIC in ns: the clock of bpf_ktime_get_ns(), needed to size the slice a CPU is
/// running right now and to know which usage windows are complete.
/// </summary>
internal static partial class MonotonicClock
{
    private const int ClockMonotonic = 1;

    public static ulong NowNs()
    {
        if (ClockGetTime(ClockMonotonic, out var ts) != 0)
        {
            throw new InvalidOperationException($"clock_gettime(CLOCK_MONOTONIC) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return ((ulong)ts.Seconds * 1_000_000_000UL) + (ulong)ts.Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTime(int clockId, out TimeSpec ts);
}
