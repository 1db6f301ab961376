namespace KernelTruth.Cli.Configuration;

/// <summary>
/// What the bursty workload does with slots that passed while a thread was still burning (throttled
/// or preempted): how its demand reacts to being held back.
/// </summary>
internal enum MissedSlots
{
    /// <summary>Skip them and wait for the next slot: a closed loop (a poller, a ticker that drops ticks); demand falls when held back.</summary>
    Skip,

    /// <summary>Burn them back to back until caught up: an open loop (requests keep arriving and queue); demand stays.</summary>
    Queue,
}
