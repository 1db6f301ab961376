namespace KernelTruth.Recommender.Tests.Fakes;

/// <summary>
/// Waits for something a background scheduler or process will do. Not a timing assertion: the
/// deadline is only there so a broken build fails instead of hanging, and is far beyond what a
/// loaded 2-CPU machine needs.
/// </summary>
internal static class Eventually
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    public static async Task<T> WaitFor<T>(Func<T?> probe, string what)
        where T : class
    {
        var until = DateTimeOffset.UnixEpoch + TimeSpan.FromTicks(Environment.TickCount64 * TimeSpan.TicksPerMillisecond) + Deadline;
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }

            if (DateTimeOffset.UnixEpoch + TimeSpan.FromTicks(Environment.TickCount64 * TimeSpan.TicksPerMillisecond) > until)
            {
                Assert.Fail($"gave up after {Deadline.TotalSeconds} s waiting for {what}");
            }

            await Task.Delay(100);
        }
    }

    public static Task WaitFor(Func<bool> probe, string what) => WaitFor(() => probe() ? "" : null, what);
}
