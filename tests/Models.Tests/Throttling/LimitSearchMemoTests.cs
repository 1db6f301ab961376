using KernelTruth.Models.Demand;
using KernelTruth.Models.Tests.Fakes;
using KernelTruth.Models.Throttling;

namespace KernelTruth.Models.Tests.Throttling;

/// <summary>The limit search with its replay check remembered (<see cref="ReplayMemo"/>) against a fresh search.</summary>
public class LimitSearchMemoTests
{
    private const double Period = 0.1;

    [Fact]
    public void Find_SameInputsTwice_SecondUsesTheMemoAndEqualsAFreshSearch()
    {
        // 5 % of periods at 0.8 with a 1 s wait SLO at 10 %: the closed form says 0.2, below the mean 0.23, and the
        // replay raises it (LimitSearch's remarks): the check ran a search the memo now holds.
        DemandModel d = Fakes.Demand.Exact((0.2, 95), (0.8, 5));
        var memo = new ReplayMemo();

        SloLimit first = Find(d, ref memo);
        ulong remembered = memo.SearchFingerprint;
        SloLimit second = Find(d, ref memo);

        Assert.NotEqual(0UL, remembered);
        Assert.Equal(remembered, memo.SearchFingerprint);
        Assert.True(first.UncappedLimitCores > first.PerPeriodLimitCores);
        Assert.Equal(Fresh(d), first);
        Assert.Equal(Fresh(d), second);
    }

    [Fact]
    public void Find_DemandMoved_SearchesAgainAndEqualsAFreshSearch()
    {
        DemandModel d = Fakes.Demand.Model();
        d.Add(Fakes.Demand.Shape, Intervals.Exact(Intervals.T0, 10, (0.2, 95), (0.8, 5)));
        var memo = new ReplayMemo();
        SloLimit before = Find(d, ref memo);
        ulong beforeFingerprint = memo.SearchFingerprint;

        // 20 more periods at 0.8 out of 120: the top 5 % becomes 21 %, so the sample and the limit move.
        d.Add(Fakes.Demand.Shape, Intervals.Exact(Intervals.T0.AddSeconds(2), 2, (0.8, 20)));
        SloLimit after = Find(d, ref memo);

        Assert.NotEqual(beforeFingerprint, memo.SearchFingerprint);
        Assert.NotEqual(before.LimitCores, after.LimitCores);
        Assert.Equal(Fresh(d), after);
    }

    [Fact]
    public void Find_OtherSlo_SearchesAgainForIt()
    {
        DemandModel d = Fakes.Demand.Exact((0.2, 95), (0.8, 5));
        var memo = new ReplayMemo();
        Find(d, ref memo);

        SloLimit strict = LimitSearch.Find(d, 0.01, 0.010, 0.99, 0, Period, 0, 1000, ref memo);

        Assert.Equal(LimitSearch.Find(d, 0.01, 0.010, 0.99, 0, Period, 0, 1000), strict);
    }

    private static SloLimit Find(DemandModel d, ref ReplayMemo memo) => LimitSearch.Find(d, 0.10, 1.0, 0.99, 0, Period, 0, 1000, ref memo);

    private static SloLimit Fresh(DemandModel d) => LimitSearch.Find(d, 0.10, 1.0, 0.99, 0, Period, 0, 1000);
}
