using KernelTruth.Kubernetes.Resources;

namespace KernelTruth.Cluster.Vpa;

/// <summary>The status to write and what was wrong with the VPA (for the log; the conditions say it too).</summary>
public sealed record VpaStatusResult(VpaStatus Status, IReadOnlyList<string> Problems);
