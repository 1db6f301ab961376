using KernelTruth.Models.Histograms;
using KernelTruth.Models.Tests.Fakes;
using KernelTruth.Models.Throttling;

namespace KernelTruth.Models.Tests.Throttling;

public class ThrottleObservationsTests
{
    private static readonly HistogramShape Shape = WaitHistogram.Shape(TimeSpan.FromHours(24));

    [Fact]
    public void Add_NoThrottleWait_AllocatesNothing()
    {
        // Most containers are never throttled: their throttle-wait histogram is never made (no object, no array), and
        // the part answers as empty. The first wait makes it: an object of 16 + 24 bytes and a 32-byte entries array
        // (24 + one 6-byte pair, rounded to 8).
        var quiet = Intervals.Exact(Intervals.T0, 10, (0.1, 100)) with { Periods = 100, ThrottleWait = new long[27] };
        var throttled = quiet with { Time = Intervals.T0.AddSeconds(10), ThrottledPeriods = 5, ThrottleWait = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5] };
        var warm = new ThrottleObservations();
        warm.Add(Shape, quiet);
        warm.Add(Shape, throttled); // JIT and type loading before the measurements

        var observations = new ThrottleObservations();
        long before = GC.GetAllocatedBytesForCurrentThread();
        observations.Add(Shape, quiet);
        long quietBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, quietBytes);
        Assert.Null(observations.WaitP99Seconds(Shape));
        Assert.Empty(observations.ToState(Shape).Waits.Buckets);

        before = GC.GetAllocatedBytesForCurrentThread();
        observations.Add(Shape, throttled);
        long firstWaitBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(40 + 32, firstWaitBytes);
        Assert.NotNull(observations.WaitP99Seconds(Shape));
    }
}
