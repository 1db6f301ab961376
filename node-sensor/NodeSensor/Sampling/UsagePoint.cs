namespace KernelTruth.NodeSensor.Sampling;

/// <summary>A cgroup's cumulative CPU and throttled time as read at <see cref="AtNs"/> (CLOCK_MONOTONIC).</summary>
internal readonly record struct UsagePoint(ulong AtNs, ulong UsageNs, ulong ThrottledNs);
