using KernelTruth.Models.Recommendations;
using KernelTruth.Models.Tests.Fakes;
using KernelTruth.Models.Throttling;
using KernelTruth.Simulations.Replay;

namespace KernelTruth.Models.Tests.Recommendations;

/// <summary>
/// The remembered replay (<see cref="ReplayMemo"/>) against a fresh one: the same answer while the
/// replay's inputs are the same, a new replay as soon as the demand sample or the limit moves.
/// </summary>
public class WorkloadModelReplayMemoTests
{
    private const double Limit = 0.25;

    [Fact]
    public void ReplayAt_NothingChanged_ReusesTheAnswerEqualToAFreshReplay()
    {
        // 95 periods at 0.2 core and 5 at 0.8 each 10 s: at 0.25 the bursts throttle.
        WorkloadModel model = Steady(6);
        var memo = new ReplayMemo();

        var first = model.ReplayAt(Limit, 0, 0.1, ref memo);
        var second = model.ReplayAt(Limit, 0, 0.1, ref memo);

        Assert.NotNull(first);
        Assert.NotEqual(0UL, memo.PredictionFingerprint);
        Assert.Equal(first, second);
        Assert.Equal(model.ReplayAt(Limit, 0, 0.1), second);
    }

    [Fact]
    public void ReplayAt_SameShapeAgain_SampleUnmovedSoTheAnswerIsReused()
    {
        // Another interval of the same shape changes the weights but not one of the 1 000 quantiles
        // on the millicore grid (95 % at 0.2, 5 % at 0.8 before and after): nothing the replay reads moved.
        WorkloadModel model = Steady(6);
        var memo = new ReplayMemo();
        var before = model.ReplayAt(Limit, 0, 0.1, ref memo);
        ulong remembered = memo.PredictionFingerprint;

        model.Add(Intervals.Exact(Intervals.T0.AddSeconds(70), 10, (0.2, 95), (0.8, 5)));
        var after = model.ReplayAt(Limit, 0, 0.1, ref memo);

        Assert.Equal(remembered, memo.PredictionFingerprint);
        Assert.Equal(before, after);
        Assert.Equal(model.ReplayAt(Limit, 0, 0.1), after);
    }

    [Fact]
    public void ReplayAt_DemandMoved_ReplaysAgainAndEqualsAFreshReplay()
    {
        WorkloadModel model = Steady(6);
        var memo = new ReplayMemo();
        var before = model.ReplayAt(Limit, 0, 0.1, ref memo);
        ulong remembered = memo.PredictionFingerprint;

        // 60 s of 0.8-core periods: 600 of 1 200 periods now at 0.8 ⇒ the sample's upper half moves up.
        for (int k = 7; k <= 12; k++)
        {
            model.Add(Intervals.Exact(Intervals.T0.AddSeconds(10 * k), 10, (0.8, 100)));
        }

        var after = model.ReplayAt(Limit, 0, 0.1, ref memo);

        Assert.NotNull(before);
        Assert.NotNull(after);
        Assert.NotEqual(remembered, memo.PredictionFingerprint);
        Assert.True(after.ThrottledPeriodsRatio > before.ThrottledPeriodsRatio);
        Assert.Equal(model.ReplayAt(Limit, 0, 0.1), after);
    }

    [Fact]
    public void ReplayAt_OtherLimitBurstOrPeriod_ReplaysAtThat()
    {
        WorkloadModel model = Steady(6);
        var memo = new ReplayMemo();
        model.ReplayAt(Limit, 0, 0.1, ref memo);

        Assert.Equal(model.ReplayAt(0.5, 0, 0.1), model.ReplayAt(0.5, 0, 0.1, ref memo));
        Assert.Equal(model.ReplayAt(0.5, 0.1, 0.1), model.ReplayAt(0.5, 0.1, 0.1, ref memo));
        Assert.Equal(model.ReplayAt(0.5, 0.1, 0.05), model.ReplayAt(0.5, 0.1, 0.05, ref memo));
        Assert.Null(memo.Find(DemandFingerprint(model), 0.5, 0.1, 0.1));
        Assert.Equal(model.ReplayAt(0.5, 0.1, 0.05), memo.Find(DemandFingerprint(model), 0.5, 0.1, 0.05));
    }

    [Fact]
    public void ReplayAt_MemoHoldsTheseInputs_AnswersFromTheMemoWithoutReplaying()
    {
        // A memo planted with made-up numbers under the model's own fingerprint: the answer is the planted one, so a
        // remembered answer is read, not replayed (an equal answer alone could not tell the two apart).
        WorkloadModel model = Steady(6);
        var planted = new LimitPrediction(Limit, 0.1, 0, 0.5, 0.011, 0.022, 0.333, 4, 2, 1.0, false, 0.25);
        var memo = new ReplayMemo();
        Assert.True(memo.Remember(DemandFingerprint(model), planted));

        Assert.Equal(planted, model.ReplayAt(Limit, 0, 0.1, ref memo));
        Assert.NotEqual(planted, model.ReplayAt(Limit, 0, 0.1));
    }

    [Fact]
    public void ReplayAt_AfterALimitSearch_TheSearchVerdictStays()
    {
        // The predicted effect is remembered beside the search's verdict, not over it: both are matched by their own
        // fingerprints, so a replay at the recommended limit does not make the next cycle search again.
        WorkloadModel model = Steady(6);
        var memo = new ReplayMemo();
        memo.RememberSearch(0x0123_4567_89AB_CDEEUL, 0.3, met: true);

        model.ReplayAt(Limit, 0, 0.1, ref memo);

        Assert.True(memo.HasSearchFor(0x0123_4567_89AB_CDEEUL));
        Assert.Equal(0.3, memo.SearchLimitCores);
    }

    [Fact]
    public void ReplayAt_EmptyModel_NullAndNothingRemembered()
    {
        var memo = new ReplayMemo();

        Assert.Null(new WorkloadModel().ReplayAt(Limit, 0, 0.1, ref memo));
        Assert.Equal(0UL, memo.PredictionFingerprint);
    }

    private static ulong DemandFingerprint(WorkloadModel model) => DemandReplay.Fingerprint(DemandReplay.Ordered(model.Demand));

    /// <summary>Readings 1..n, 10 s apart, each 95 periods at 0.2 core and 5 at 0.8.</summary>
    private static WorkloadModel Steady(int n)
    {
        var model = new WorkloadModel();
        for (int k = 1; k <= n; k++)
        {
            Assert.Empty(model.Add(Intervals.Exact(Intervals.T0.AddSeconds(10 * k), 10, (0.2, 95), (0.8, 5))));
        }

        return model;
    }
}
