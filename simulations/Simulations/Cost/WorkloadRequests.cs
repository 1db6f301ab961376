namespace KernelTruth.Simulations.Cost;

/// <summary>What one workload container asks the scheduler for, per pod, and how many pods.</summary>
public sealed record WorkloadRequests(string Name, double CpuCores, double MemoryBytes, int Pods);

/// <summary>Prices per hour of requested capacity.</summary>
public sealed record Prices(double PerCoreHour, double PerGiBHour);

/// <summary>Allocatable capacity of one node.</summary>
public sealed record NodeShape(double Cpus, double MemoryBytes);

/// <summary>Cost of a set of workloads over <see cref="Hours"/>.</summary>
/// <param name="CoreHours">Σ cpu request × pods × hours.</param>
/// <param name="GiBHours">Σ memory request (GiB) × pods × hours.</param>
/// <param name="Cost">CoreHours × core price + GiBHours × GiB price.</param>
/// <param name="Nodes">Nodes the pods need, first-fit decreasing.</param>
public sealed record CostEstimate(double Hours, double CoreHours, double GiBHours, double Cost, int Nodes);
