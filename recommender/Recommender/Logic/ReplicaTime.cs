using KernelTruth.Models.Input;

namespace KernelTruth.Recommender.Logic;

/// <summary>
/// Lets the replicas of one workload container feed one model, whose intervals must end strictly later
/// than the last. Replicas on one node end at the same snapshot; replicas on other nodes end at their own
/// sensor's snapshot, a little earlier or later. An interval ending at or before the model's last one, by
/// less than its own duration, is moved to 1 tick (100 ns) after it: the counts are the replica's own, only
/// its end moves, by less than one interval (at 10 s intervals, a minute sample may take a replica's
/// 10 s from the neighbouring minute). Anything older is left as it is and the model rejects it as stale.
/// Worked example: last 12:00:10.000; replica ending 12:00:10.000 → 12:00:10.0000001; one ending
/// 12:00:09.600 (another node) → 12:00:10.0000001 too; one ending 11:59:50 (20 s back, 10 s long) → rejected.
/// </summary>
internal static class ReplicaTime
{
    public static WorkloadInterval After(DateTimeOffset? last, WorkloadInterval interval)
    {
        if (last is not DateTimeOffset l || interval.Time > l || l - interval.Time >= interval.Duration)
        {
            return interval;
        }

        return interval with { Time = l.AddTicks(1) };
    }
}
