using KernelTruth.Simulations.Cost;

namespace KernelTruth.Simulations.Tests.Cost;

public sealed class CostModelTests
{
    private const double GiB = 1024d * 1024 * 1024;

    [Fact]
    public void Estimate_WorkedExample_CostAndNodes()
    {
        // 3 pods × 1.5 cores × 24 h = 108 core-hours × 0.03 = 3.24; 3 × 1 GiB × 24 h = 72 GiB-hours × 0.004 = 0.288.
        // Nodes (4 cores): two pods fill 3 cores of the first, the third opens a second.
        var e = CostModel.Estimate([new WorkloadRequests("web", 1.5, GiB, 3)], new Prices(0.03, 0.004), new NodeShape(4, 16 * GiB), 24);

        Assert.Equal(108, e.CoreHours, 9);
        Assert.Equal(72, e.GiBHours, 9);
        Assert.Equal(3.528, e.Cost, 9);
        Assert.Equal(2, e.Nodes);
    }

    [Fact]
    public void NodesNeeded_FirstFitDecreasing_PacksLargestFirst()
    {
        // Cores 5, 7, 5, 2, 4, 2, 5, 1, 6 on 10-core nodes. First fit in this order needs 5 nodes;
        // sorted 7, 6, 5, 5, 5, 4, 2, 2, 1: [7 2 1] [6 4] [5 5] [5 2] ⇒ 4.
        var pods = new[] { 5, 7, 5, 2, 4, 2, 5, 1, 6 }.Select((c, i) => new WorkloadRequests($"p{i}", c, GiB, 1)).ToList();

        Assert.Equal(4, CostModel.NodesNeeded(pods, new NodeShape(10, 64 * GiB)));
    }

    [Fact]
    public void NodesNeeded_MemoryBound_CountsByMemory()
    {
        // 5 pods of 0.1 core and 6 GiB on 16 GiB nodes: 2 per node ⇒ 3 nodes.
        Assert.Equal(3, CostModel.NodesNeeded([new WorkloadRequests("m", 0.1, 6 * GiB, 5)], new NodeShape(4, 16 * GiB)));
    }

    [Fact]
    public void NodesNeeded_PodLargerThanNode_ErrorNamesIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => CostModel.NodesNeeded([new WorkloadRequests("huge", 8, GiB, 1)], new NodeShape(4, 16 * GiB)));

        Assert.Contains("workload huge requests 8 cores", ex.Message, StringComparison.Ordinal);
    }
}
