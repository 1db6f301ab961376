using KernelTruth.Models.Demand;

namespace KernelTruth.Models.Tests.Demand;

public class CensoredMassTests
{
    [Fact]
    public void RetainedBytes_OneLimit_ThreeDoubles()
    {
        var mass = new CensoredMass();
        Assert.Equal(0, mass.RetainedBytes);

        mass.Add(0.2, 10, 0.05);
        mass.Add(0.2, 30, 0.1); // the same limit pools: no new entry

        // One entry, [limit, weight, excess]: 24-byte header + 3 × 8 = 48 bytes (room for all four limits was 120).
        Assert.Equal(1, mass.Count);
        Assert.Equal(48, mass.RetainedBytes);

        // Pooled: weight 40, weighted excess 10·0.05 + 30·0.1 = 3.5 ⇒ μ = 3.5/40 = 0.0875.
        Assert.Equal(40, mass.WeightAt(0));
        Assert.Equal(3.5 / 40, mass.MeanExcessAt(0), 15);
    }

    [Fact]
    public void Add_FifthLimit_MergesTheLightestIntoItsNearestAndReusesItsSlot()
    {
        var mass = new CensoredMass();
        mass.Add(0.2, 5, 0.1);
        mass.Add(0.4, 1, 0.1);   // lightest
        mass.Add(0.5, 7, 0.2);
        mass.Add(1.0, 3, 0.3);
        Assert.Equal(4, mass.Count);
        Assert.Equal(24 + (12 * 8), mass.RetainedBytes);

        mass.Add(2.0, 2, 0.5);

        // 0.4 (weight 1) merges into 0.5, its nearest (7 + 1 = 8, excess 1.4 + 0.1 = 1.5); the last entry (1.0) moves
        // into its place and 2.0 takes the last slot: [0.2, 1.0, 0.5, 2.0], still four entries in the same 120 bytes.
        Assert.Equal([0.2, 1.0, 0.5, 2.0], Enumerable.Range(0, mass.Count).Select(mass.LimitAt));
        Assert.Equal([5.0, 3.0, 8.0, 2.0], Enumerable.Range(0, mass.Count).Select(mass.WeightAt));
        Assert.Equal(1.5 / 8, mass.MeanExcessAt(2), 15);
        Assert.Equal(18.0, mass.Total);
        Assert.Equal(24 + (12 * 8), mass.RetainedBytes);
    }

    [Fact]
    public void Restore_NoLimits_HoldsNoArray()
    {
        var mass = new CensoredMass();
        mass.Restore(new CensoredMass().ToState());

        // A restored never-throttled model allocated room for four limits (120 bytes); now nothing, as a new one.
        Assert.Equal(0, mass.RetainedBytes);
    }

    [Fact]
    public void ToState_RestoredCopy_AnswersTheSame()
    {
        var mass = new CensoredMass();
        mass.Add(0.3, 12, 0.1);
        mass.Add(0.45, 4, 0.2);
        mass.Scale(0.5);

        var copy = new CensoredMass();
        copy.Restore(mass.ToState());

        Assert.Equal(mass.ToState().LimitMillicores, copy.ToState().LimitMillicores);
        Assert.Equal(mass.Exceeding(0.35, out double tail), copy.Exceeding(0.35, out double copyTail));
        Assert.Equal(tail, copyTail);
        Assert.Equal(mass.WeightedMean(), copy.WeightedMean());
        Assert.Equal(24 + (6 * 8), copy.RetainedBytes);
    }
}
