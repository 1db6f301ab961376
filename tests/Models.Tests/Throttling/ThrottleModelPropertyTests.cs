using FsCheck;
using FsCheck.Fluent;
using KernelTruth.Models.Demand;
using KernelTruth.Models.Tests.Fakes;
using KernelTruth.Models.Throttling;

namespace KernelTruth.Models.Tests.Throttling;

public class ThrottleModelPropertyTests
{
    [Fact]
    public void Predict_HigherLimit_NeverPredictsMoreThrottlingOrWait()
    {
        var cases =
            from pattern in Generators.Pattern
            from throttled in Gen.Choose(0, 100)
            from excess in Gen.Choose(0, 500)
            from a in Gen.Choose(1, 3500)
            from b in Gen.Choose(1, 3500)
            select (pattern, throttled, excess, Low: Math.Min(a, b) / 1000.0, High: Math.Max(a, b) / 1000.0);

        Check.One(Properties.Config(), Prop.ForAll(cases.ToArbitrary(), c =>
        {
            DemandModel demand = Fakes.Demand.Model();
            demand.Add(Fakes.Demand.Shape, Generators.Interval(Intervals.T0, c.pattern, c.throttled, c.excess / 1000.0, 1 << 20));
            var model = new ThrottleModel(demand);
            ThrottlePrediction low = model.Predict(c.Low, 0, 0.1);
            ThrottlePrediction high = model.Predict(c.High, 0, 0.1);
            return high.ThrottledPeriodsRatio <= low.ThrottledPeriodsRatio + 1e-12
                && high.ThrottleWaitP50Seconds <= low.ThrottleWaitP50Seconds + 1e-12
                && high.ThrottleWaitP99Seconds <= low.ThrottleWaitP99Seconds + 1e-12;
        }));
    }

    [Fact]
    public void Find_AnyDemand_LimitMeetsSloInClosedFormAndReplayAndOneMillicoreLessDoesNot()
    {
        var cases =
            from pattern in Generators.Pattern
            from throttled in Gen.Choose(0, 100)
            from excess in Gen.Choose(0, 500)
            from slo in Gen.Elements(0.01, 0.05, 0.2)
            select (pattern, throttled, excess, slo);

        Check.One(Properties.Config(), Prop.ForAll(cases.ToArbitrary(), c =>
        {
            DemandModel demand = Fakes.Demand.Model();
            demand.Add(Fakes.Demand.Shape, Generators.Interval(Intervals.T0, c.pattern, c.throttled, c.excess / 1000.0, 1 << 20));
            SloLimit found = LimitSearch.Find(demand, c.slo, 0.010, 0.99, 0, 0.1, 0, 1000);
            double[] ordered = DemandReplay.Ordered(demand);
            bool MeetsBoth(double limit)
            {
                ThrottlePrediction closedForm = new ThrottleModel(demand).Predict(limit, 0, 0.1);
                var replayed = DemandReplay.Predict(ordered, limit, 0, 0.1);
                return closedForm.ThrottledPeriodsRatio <= c.slo + 1e-12 && closedForm.ThrottleWaitP99Seconds <= 0.010 + 1e-12
                    && replayed.ThrottledPeriodsRatio <= c.slo + 1e-9 && replayed.ThrottleWaitP99Seconds <= 0.010 + 1e-9;
            }

            bool smallest = found.LimitCores <= LimitSearch.MinimumLimitCores + 1e-12 || !MeetsBoth(found.LimitCores - 0.001);
            return found.SloMet && MeetsBoth(found.LimitCores) && smallest && found.LimitCores >= found.PerPeriodLimitCores - 1e-12;
        }));
    }
}
