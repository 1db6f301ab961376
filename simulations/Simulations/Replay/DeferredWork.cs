namespace KernelTruth.Simulations.Replay;

/// <summary>
/// The one rule for demand a CPU limit hid, shared by the replay (<see cref="DemandReconstruction"/>,
/// step = CFS period) and the recommender's per-minute demand (step = observation interval): work a
/// throttled step could not do was deferred, and the steps after it serve it first, so it shows up
/// in their usage. Counting it where it arrived moves it earlier; it is never counted twice.
/// </summary>
/// <remarks>
/// <para>h is the work still waiting at the end of a step. After an unthrottled step it is 0 (the
/// pool had runtime left and nothing was waiting for it). After a throttled one it is what the next
/// step served of it: h_k = min(usage_{k+1} + h_{k+1}, cap_k), where the cap is what the step's
/// throttling could have hidden (the kernel's throttled time per period; none when unknown). Work that
/// arrived in step k is then a_k = usage_k + h_k − h_{k−1}: summed over steps the h cancel, so the
/// total is the usage, and only work still waiting at the very end is unseen.</para>
/// <para>Worked example (periods, cap 80 ms): usage 20 (throttled), 10, 0 ⇒ h_0 = min(10 + 0, 80) = 10
/// ⇒ arrivals 30, 0, 0. Two minutes of 60 s, the first ending with 3 s deferred that the second
/// served: 12 + 3 = 15 core-seconds and 12 − 3 = 9, i.e. 0.25 and 0.15 core, where throttle wait
/// counted as demand would have added every waiting thread's time to both.</para>
/// </remarks>
public static class DeferredWork
{
    /// <summary>
    /// Work still waiting at the end of a throttled step, seconds of CPU: what the next step served,
    /// plus what it passed on, up to <paramref name="capSeconds"/> (≤ 0: no cap known).
    /// </summary>
    public static double WaitingAfterThrottled(double capSeconds, double nextUsageSeconds, double nextWaitingSeconds)
    {
        double served = nextUsageSeconds + nextWaitingSeconds;
        return capSeconds > 0 ? Math.Min(served, capSeconds) : served;
    }

    /// <summary>Work that arrived in a step: its usage plus what it left waiting minus what it inherited; never negative.</summary>
    public static double Arrived(double usageSeconds, double waitingAtEnd, double waitingAtStart) =>
        Math.Max(0, usageSeconds + waitingAtEnd - waitingAtStart);
}
