namespace KernelTruth.Contracts.Snapshot;

/// <summary>
/// How a cgroup created while the sensor ran came to life, from the kernel's own events. Times are
/// CLOCK_MONOTONIC ns, the clock of <see cref="NodeSnapshot.MonotonicNs"/>; null = not happened (yet).
/// Added to the v1 contract as an optional field: absent for cgroups older than the sensor.
/// </summary>
public sealed record StartupSnapshot
{
    /// <summary>The cgroup's mkdir.</summary>
    public required ulong CreatedNs { get; init; }

    /// <summary>The first task moved into it (the runtime's init joining).</summary>
    public ulong? FirstTaskNs { get; init; }

    /// <summary>The first execve of a task in it: the container's entrypoint under runc.</summary>
    public ulong? FirstExecNs { get; init; }

    /// <summary>The first socket of one of its tasks entering TCP LISTEN (listen()).</summary>
    public ulong? FirstListenNs { get; init; }

    /// <summary>N: the startup CPU is counted from creation until N after the first exec.</summary>
    public required ulong WindowNs { get; init; }

    /// <summary>CPU used from creation to first exec + N (the kernel's cpuacct/cpu.stat usage, interpolated at the window's end); null until the window has passed.</summary>
    public ulong? CpuNs { get; init; }

    /// <summary>Throttled time over the same span; null until the window has passed.</summary>
    public ulong? ThrottledNs { get; init; }

    /// <summary>First exec → the start of the first W-long stretch whose CPU rate the next W-long stretch repeats; null while unknown or not within N.</summary>
    public ulong? SettledAfterNs { get; init; }

    /// <summary>First exec → ready: the first listen when it listens, else the settle time.</summary>
    public ulong? ReadyAfterNs { get; init; }

    /// <summary>CPU used from creation to ready (the warm-up's work, interpolated at exec + ready); null while not ready within N.</summary>
    public ulong? ReadyCpuNs { get; init; }

    /// <summary>Throttled time from creation to ready; null while not ready within N.</summary>
    public ulong? ReadyThrottledNs { get; init; }

    /// <summary>True once the window has passed: every field above is final.</summary>
    public bool Complete { get; init; }
}
