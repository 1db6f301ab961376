namespace KernelTruth.Models.Recommendations;

/// <summary>How the memory limit is recommended.</summary>
public enum MemoryLimitMode
{
    /// <summary>No memory limit is recommended.</summary>
    NoLimit,

    /// <summary>Limit = request: the container is OOM-killed rather than the node pressured.</summary>
    EqualToRequest,
}
