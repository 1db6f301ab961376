using KernelTruth.Cli.Configuration;

namespace KernelTruth.Cli.Workload;

/// <summary>
/// Burns CPU in bursts: each thread, at every slot (start + k × every), burns <c>burst</c> of its own
/// CPU time, then sleeps until the next slot. By default a burst that ends after its next slot
/// (throttled, preempted) skips the slots it missed rather than queueing them (a closed loop):
/// demand stays burst/every per thread when nothing holds it back, falls when something does, and
/// a too-low limit cannot build a backlog that would outlive the limit. With
/// <see cref="MissedSlots.Queue"/> the missed slots are burnt back to back until the thread has
/// caught up (an open loop: work keeps arriving whatever the limit does).
/// </summary>
/// <remarks>
/// Worked example: burst 30 ms every 100 ms, 1 thread, unlimited ⇒ 0.3 cores. Under a 0.2-core limit
/// (20 ms quota per 100 ms period) a burst gets 20 ms, is throttled until the next period and
/// finishes 10 ms into it; the slot at +100 ms is missed ⇒ skipped: next burst at +200 ms;
/// queued: the next burst starts at once, and the thread falls further behind every period.
/// </remarks>
internal sealed class BurstWorkload(BurstSettings settings, TimeProvider time)
{
    /// <summary>Runs every thread until <see cref="BurstSettings.Seconds"/> have passed or <paramref name="ct"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken ct)
    {
        long start = time.GetTimestamp();
        var threads = new List<Task>(settings.Threads);
        for (int i = 0; i < settings.Threads; i++)
        {
            threads.Add(Task.Factory.StartNew(() => Run(start, ct), ct, TaskCreationOptions.LongRunning, TaskScheduler.Default));
        }

        return Task.WhenAll(threads);
    }

    private void Run(long start, CancellationToken ct)
    {
        var every = TimeSpan.FromMilliseconds(settings.EveryMs);
        var end = TimeSpan.FromSeconds(settings.Seconds);
        long burstNs = settings.BurstMs * 1_000_000L;
        long slot = 0;
        while (!ct.IsCancellationRequested)
        {
            var due = every * slot;
            if (due >= end)
            {
                return;
            }

            var wait = due - time.GetElapsedTime(start);
            if (wait > TimeSpan.Zero && ct.WaitHandle.WaitOne(wait))
            {
                return; // cancelled while waiting
            }

            Burn(burstNs);
            // Skip: the next slot after now. Queue: the next slot, even if it has passed.
            slot = settings.Missed == MissedSlots.Queue ? slot + 1 : Math.Max(slot + 1, (long)Math.Ceiling(time.GetElapsedTime(start) / every));
        }
    }

    private static void Burn(long ns)
    {
        long until = ThreadCpuClock.NowNs() + ns;
        double x = 1.0;
        while (ThreadCpuClock.NowNs() < until)
        {
            // ~a few µs of arithmetic between clock reads; the result is kept so it is not optimised away.
            for (int i = 0; i < 2000; i++)
            {
                x = (x * 1.0000001) + 1e-9;
            }
        }

        GC.KeepAlive(x);
    }
}
