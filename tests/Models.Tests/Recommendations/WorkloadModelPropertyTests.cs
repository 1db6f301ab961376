using FsCheck;
using FsCheck.Fluent;
using KernelTruth.Models.Recommendations;
using KernelTruth.Models.Tests.Fakes;

namespace KernelTruth.Models.Tests.Recommendations;

public class WorkloadModelPropertyTests
{
    [Fact]
    public void Recommend_MoreOfTheSameHistory_NeverWidensBounds()
    {
        var cases =
            from pattern in Generators.Pattern
            from throttled in Gen.Choose(0, 100)
            from minutes in Gen.Choose(2, 90)
            from extra in Gen.Choose(1, 200)
            select (pattern, throttled, minutes, extra);

        Check.One(Properties.Config(), Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var policy = new RecommendationPolicy();
            Recommendation shorter = Feed(c.pattern, c.throttled, c.minutes).Recommend(policy, Intervals.T0.AddDays(1));
            Recommendation longer = Feed(c.pattern, c.throttled, c.minutes + c.extra).Recommend(policy, Intervals.T0.AddDays(1));
            bool ok = longer.Cpu.UpperBoundCores <= shorter.Cpu.UpperBoundCores + 1e-9
                && longer.Cpu.LowerBoundCores >= shorter.Cpu.LowerBoundCores - 1e-9
                && longer.Memory.UpperBoundBytes <= shorter.Memory.UpperBoundBytes
                && longer.Memory.LowerBoundBytes >= shorter.Memory.LowerBoundBytes
                && longer.Baseline.Cpu.UpperBoundCores <= shorter.Baseline.Cpu.UpperBoundCores + 1e-9
                && longer.Baseline.Cpu.LowerBoundCores >= shorter.Baseline.Cpu.LowerBoundCores - 1e-9
                && longer.Confidence.Score >= shorter.Confidence.Score;
            return ok.Label($"shorter {shorter.Cpu} {shorter.Memory} {shorter.Baseline} {shorter.Confidence}; longer {longer.Cpu} {longer.Memory} {longer.Baseline} {longer.Confidence}");
        }));
    }

    [Fact]
    public void Recommend_AnyHistoryAndPolicy_StaysWithinMinAndMax()
    {
        var cases =
            from pattern in Generators.Pattern
            from throttled in Gen.Choose(0, 100)
            from minutes in Gen.Choose(1, 40)
            from minCpu in Gen.Choose(0, 2000)
            from span in Gen.Choose(1, 2000)
            from minMiB in Gen.Choose(0, 800)
            from spanMiB in Gen.Choose(1, 800)
            from mode in Gen.Elements(LimitMode.Slo, LimitMode.NoLimit)
            select (pattern, throttled, minutes, minCpu, span, minMiB, spanMiB, mode);

        Check.One(Properties.Config(), Prop.ForAll(cases.ToArbitrary(), c =>
        {
            const long MiB = 1024 * 1024;
            double min = c.minCpu / 1000.0;
            double max = (c.minCpu + c.span) / 1000.0;
            var policy = new RecommendationPolicy
            {
                ControlledValues = ControlledValues.RequestsOnly,
                LimitMode = c.mode,
                MinCpuCores = min,
                MaxCpuCores = max,
                MinMemoryBytes = c.minMiB * MiB,
                MaxMemoryBytes = (c.minMiB + c.spanMiB) * MiB,
            };
            Recommendation r = Feed(c.pattern, c.throttled, c.minutes).Recommend(policy, Intervals.T0.AddDays(1));
            bool cpu = InRange(r.Cpu.RequestCores, min, max) && InRange(r.Cpu.LowerBoundCores, min, max) && InRange(r.Cpu.UpperBoundCores, min, max)
                && (r.Cpu.LimitCores is null || InRange(r.Cpu.LimitCores.Value, r.Cpu.RequestCores, max));
            bool baseline = InRange(r.Baseline.Cpu.RequestCores, min, max) && InRange(r.Baseline.Cpu.UpperBoundCores, min, max);
            bool memory = r.Memory.RequestBytes >= policy.MinMemoryBytes && r.Memory.RequestBytes <= policy.MaxMemoryBytes
                && r.Memory.UpperBoundBytes <= policy.MaxMemoryBytes && r.Memory.LowerBoundBytes >= policy.MinMemoryBytes;
            return cpu && baseline && memory && r.Cpu.LowerBoundCores <= r.Cpu.RequestCores && r.Cpu.RequestCores <= r.Cpu.UpperBoundCores;
        }));
    }

    private static bool InRange(double value, double min, double max) => value >= min - 1e-9 && value <= max + 1e-9;

    private static WorkloadModel Feed((double Cores, long Count)[] pattern, int throttled, int minutes)
    {
        var model = new WorkloadModel();
        foreach (var interval in Intervals.Minutes(minutes, t => Generators.Interval(t, pattern, throttled, 0.05, 300L * 1024 * 1024)))
        {
            model.Add(interval);
        }

        return model;
    }
}
