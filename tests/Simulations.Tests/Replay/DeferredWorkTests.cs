using KernelTruth.Simulations.Replay;

namespace KernelTruth.Simulations.Tests.Replay;

public sealed class DeferredWorkTests
{
    [Fact]
    public void WaitingAfterThrottled_NextStepServedLessThanTheCap_ThatIsWhatWaited()
    {
        // The next period served 10 ms and passed nothing on; the throttled time allows 80 ms ⇒ 10 ms waited.
        Assert.Equal(0.010, DeferredWork.WaitingAfterThrottled(0.080, 0.010, 0), 12);
    }

    [Fact]
    public void WaitingAfterThrottled_MoreServedThanTheCap_CappedAndWithoutCapUncapped()
    {
        // Next step served 25 and left 10 waiting itself (35 in all): the cap 30 binds; no cap (0) keeps 35.
        Assert.Equal(0.030, DeferredWork.WaitingAfterThrottled(0.030, 0.025, 0.010), 12);
        Assert.Equal(0.035, DeferredWork.WaitingAfterThrottled(0, 0.025, 0.010), 12);
    }

    [Fact]
    public void Arrived_StepsAroundADeferral_SumIsTheUsage()
    {
        // Minutes of 12 and 12 core-seconds, 3 s deferred across their boundary ⇒ 15 and 9: still 24 in all.
        double first = DeferredWork.Arrived(12, 3, 0);
        double second = DeferredWork.Arrived(12, 0, 3);

        Assert.Equal((15.0, 9.0), (first, second));
    }
}
