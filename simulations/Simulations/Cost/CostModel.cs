namespace KernelTruth.Simulations.Cost;

/// <summary>
/// Requests × prices over time, and the nodes the pods need by first-fit decreasing.
/// </summary>
/// <remarks>
/// Worked example: 3 pods of 1.5 cores / 1 GiB on 4-core 16 GiB nodes, $0.03 per core-hour and
/// $0.004 per GiB-hour, 24 h: 108 core-hours + 72 GiB-hours = $3.24 + $0.288 = $3.528; nodes: two
/// pods fit the first node (3 cores), the third opens a second ⇒ 2.
/// </remarks>
public static class CostModel
{
    private const double GiB = 1024d * 1024 * 1024;

    public static CostEstimate Estimate(IReadOnlyList<WorkloadRequests> workloads, Prices prices, NodeShape node, double hours)
    {
        ArgumentNullException.ThrowIfNull(workloads);
        ArgumentNullException.ThrowIfNull(prices);
        ArgumentNullException.ThrowIfNull(node);
        if (!(hours > 0))
        {
            throw new ArgumentException($"hours {hours} must be > 0", nameof(hours));
        }

        double coreHours = workloads.Sum(w => w.CpuCores * w.Pods * hours);
        double gibHours = workloads.Sum(w => w.MemoryBytes / GiB * w.Pods * hours);
        return new CostEstimate(hours, coreHours, gibHours, (coreHours * prices.PerCoreHour) + (gibHours * prices.PerGiBHour), NodesNeeded(workloads, node));
    }

    /// <summary>
    /// First-fit decreasing on two dimensions: pods sorted by their larger share of a node
    /// (cpu/node cpu or memory/node memory), each into the first node with room for both.
    /// A pod larger than a node is an error naming it.
    /// </summary>
    public static int NodesNeeded(IReadOnlyList<WorkloadRequests> workloads, NodeShape node)
    {
        ArgumentNullException.ThrowIfNull(workloads);
        ArgumentNullException.ThrowIfNull(node);
        if (!(node.Cpus > 0) || !(node.MemoryBytes > 0))
        {
            throw new ArgumentException($"node shape {node.Cpus} cpus / {node.MemoryBytes} bytes must be > 0", nameof(node));
        }

        var big = workloads.FirstOrDefault(w => w.CpuCores > node.Cpus || w.MemoryBytes > node.MemoryBytes);
        if (big is not null)
        {
            throw new ArgumentException($"workload {big.Name} requests {big.CpuCores} cores / {big.MemoryBytes / GiB:0.##} GiB per pod, more than a node has ({node.Cpus} / {node.MemoryBytes / GiB:0.##} GiB)", nameof(workloads));
        }

        var pods = workloads.SelectMany(w => Enumerable.Repeat((w.CpuCores, w.MemoryBytes), w.Pods))
            .OrderByDescending(p => Math.Max(p.CpuCores / node.Cpus, p.MemoryBytes / node.MemoryBytes))
            .ToList();
        var free = new List<(double Cpu, double Mem)>();
        foreach (var (cpu, mem) in pods)
        {
            int i = free.FindIndex(f => f.Cpu >= cpu - 1e-9 && f.Mem >= mem - 1e-9);
            if (i < 0)
            {
                free.Add((node.Cpus - cpu, node.MemoryBytes - mem));
            }
            else
            {
                free[i] = (free[i].Cpu - cpu, free[i].Mem - mem);
            }
        }

        return free.Count;
    }
}
