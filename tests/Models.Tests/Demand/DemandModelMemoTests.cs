using KernelTruth.Models.Demand;
using KernelTruth.Models.Tests.Fakes;

namespace KernelTruth.Models.Tests.Demand;

/// <summary>
/// The quantiles a thread remembers while one recommendation is built: they belong to one model, known by the arrays it
/// holds (a struct has no identity of its own), and are forgotten when it changes.
/// </summary>
public class DemandModelMemoTests
{
    [Fact]
    public void Quantile_AnotherModelInsideTheScope_AnswersItsOwnDemand()
    {
        // Every period of a at 0.2 core, of b at 0.5: the p90 of each is its one value.
        DemandModel a = Fakes.Demand.Exact((0.2, 100));
        DemandModel b = Fakes.Demand.Exact((0.5, 100));

        using (a.Remember())
        {
            Assert.Equal(0.2, a.Quantile(0.9).Cores);
            Assert.Equal(0.5, b.Quantile(0.9).Cores);
            Assert.Equal(0.2, a.Quantile(0.9).Cores);
        }
    }

    [Fact]
    public void Quantile_ModelChangedInsideTheScope_AnswersTheNewDemand()
    {
        // 100 periods at 0.2 and 1 at 0.9: p90 = 0.2 (0.9 · 101 = 90.9 ≤ 100). Then 900 more at 0.9, 10 s later (decay
        // 2^(10 s / 24 h) ≈ 1): 0.9 · 1001 = 900.9 > 100, so p90 = 0.9. The 900 join 0.9's entry, so the entries array
        // stays the same object and the model is known as before: the change itself must forget the answer.
        DemandModel a = Fakes.Demand.Exact((0.2, 100), (0.9, 1));
        using var scope = a.Remember();
        Assert.Equal(0.2, a.Quantile(0.9).Cores);

        a.Add(Fakes.Demand.Shape, Intervals.Exact(Intervals.T0.AddSeconds(10), 10, (0.9, 900)));

        Assert.Equal(0.9, a.Quantile(0.9).Cores);
    }

    [Fact]
    public void Quantile_TwoModelsWithOnlyCensoredPeriods_EachAnswersItsOwn()
    {
        // No exact periods in either (they share the empty entries array): all throttled at 0.2 and at 0.4 core with
        // mean excess 0.1 ⇒ uniform over [0.2, 0.4] and [0.4, 0.6], p50 = 0.3 and 0.5.
        DemandModel a = Fakes.Demand.Model();
        a.Add(Fakes.Demand.Shape, Fakes.Demand.AllThrottled(Intervals.T0, limit: 0.2, meanExcess: 0.1));
        DemandModel b = Fakes.Demand.Model();
        b.Add(Fakes.Demand.Shape, Fakes.Demand.AllThrottled(Intervals.T0, limit: 0.4, meanExcess: 0.1));

        using (a.Remember())
        {
            Assert.Equal(0.3, a.Quantile(0.5).Cores, 6);
            Assert.Equal(0.5, b.Quantile(0.5).Cores, 6);
            Assert.Equal(0.3, a.Quantile(0.5).Cores, 6);
        }
    }
}
