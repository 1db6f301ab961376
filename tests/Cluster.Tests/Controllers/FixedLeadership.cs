using KernelTruth.Kubernetes.Election;

namespace KernelTruth.Cluster.Tests.Controllers;

/// <summary>A replica that leads, or does not, as the test says.</summary>
internal sealed class FixedLeadership(bool leader) : ILeadership
{
    public bool IsLeader { get; set; } = leader;
}
