namespace KernelTruth.Models.Startup;

/// <summary>What lets a throttled warm-up run unstarved, the least change first (<see cref="StartupAdvisor"/>).</summary>
public enum StartupFix
{
    /// <summary>Starts are not throttled notably: nothing to fix.</summary>
    None,

    /// <summary>The recommended limit already lets the warm-up run.</summary>
    RecommendedLimit,

    /// <summary>The recommended limit with a CFS burst (cpu.cfs_burst_us / cpu.max.burst) of up to one quota.</summary>
    Burst,

    /// <summary>Only a higher limit does: a burst carries at most one quota over, too little for this warm-up.</summary>
    HigherLimit,
}
