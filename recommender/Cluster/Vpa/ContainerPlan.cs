using KernelTruth.Models.Recommendations;

namespace KernelTruth.Cluster.Vpa;

/// <summary>What a VPA's resourcePolicy says for one container: whether to recommend, which resources, under which model policy.</summary>
public sealed record ContainerPlan(string Container, bool Cpu, bool Memory, RecommendationPolicy Policy);
