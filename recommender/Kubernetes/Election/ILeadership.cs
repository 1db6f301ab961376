namespace KernelTruth.Kubernetes.Election;

/// <summary>Whether this replica may write to the API server now; <see cref="LeaseElection"/> in the service, a fixed answer in tests.</summary>
public interface ILeadership
{
    /// <summary>True while this replica holds the Lease: check it before every round of writes.</summary>
    bool IsLeader { get; }
}
