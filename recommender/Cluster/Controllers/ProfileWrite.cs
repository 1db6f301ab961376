namespace KernelTruth.Cluster.Controllers;

/// <summary>What <see cref="ProfileRefreshGate"/> decided for one WorkloadProfile in one loop.</summary>
internal enum ProfileWrite
{
    /// <summary>The status is what was last written (lastUpdated aside): nothing to do.</summary>
    Unchanged,

    /// <summary>Changed, but nothing a reader acts on, and the last write is younger than the refresh interval: held back.</summary>
    Deferred,

    /// <summary>Not written yet (created, deleted behind our back, or the last write failed): written now.</summary>
    First,

    /// <summary>Something a reader acts on changed (<see cref="Profiles.ActionableStatus"/>): written now.</summary>
    Actionable,

    /// <summary>Only other fields changed, and the last write is at least the refresh interval old: the whole status is written.</summary>
    Refresh,
}
