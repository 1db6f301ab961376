using System.Runtime.InteropServices;

namespace KernelTruth.Cli.Workload;

/// <summary>
/// The calling thread's own CPU time (CLOCK_THREAD_CPUTIME_ID). A burst measured in CPU time is a
/// fixed amount of work: throttled or preempted, the thread still has to burn all of it, as a real
/// request handler does. A burst measured in wall time would shrink under throttling and hide it.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>CPU time this thread has used, in nanoseconds.</summary>
    public static long NowNs()
    {
        if (ClockGetTime(ClockThreadCpuTimeId, out var ts) != 0)
        {
            throw new InvalidOperationException($"clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed with errno {Marshal.GetLastPInvokeError()}");
        }

        return (ts.Seconds * 1_000_000_000L) + ts.Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTime(int clockId, out TimeSpec value);
}
