using KernelTruth.Models.Demand;
using KernelTruth.Models.Histograms;
using KernelTruth.Models.Input;
using KernelTruth.Models.Tests.Fakes;

namespace KernelTruth.Models.Tests.Histograms;

/// <summary>
/// How far float weights (<see cref="CompactWeight"/>) may move an answer from the same history kept in double.
/// Bound: the float answer for p lies between the double answers for p − δ and p + δ, δ = 2e-5 (the tie slack
/// 1e-5 plus rounding: each stored weight is within 2^-24 of its double, so a cumulative share is within ~1e-6 of
/// the double one). So a percentile lands in the same held bucket or, only when the double's cumulative share at
/// a bucket boundary is within δ of p (a near-tie), in the adjacent held one; on a dense millicore grid that is at
/// most 1 millicore, and a request of P90 × 1.15 rounded up to a millicore moves by at most 2 m.
/// </summary>
public class CompactWeightToleranceTests
{
    private const double Delta = 2e-5;

    private static readonly double[] Percentiles = [0.5, 0.9, 0.95, 0.99, 0.999];

    [Fact]
    public void Percentile_FloatVersusDoubleWeights_ManyWorkloadsOverDays_BetweenDoubleAnswersAtPPlusMinusDelta()
    {
        // 120 workloads, one per-minute demand sample a minute for 5 days (7 200 each): half with VPA's 24 h
        // half-life (5 half-lives of decay), half with a 1 h half-life, so the float histograms move their reference
        // at 64 half-lives (hour 64) and the double ones at 100 (hour 100). Each workload wanders: a daily wave, noise,
        // bursts, and a level that shifts every day. The grid's 64-entry budget merges buckets in both alike.
        var random = new Random(20261207);
        int compared = 0;
        int moved = 0;
        for (int w = 0; w < 120; w++)
        {
            TimeSpan halfLife = w % 2 == 0 ? TimeSpan.FromHours(24) : TimeSpan.FromHours(1);
            var shape = new HistogramShape(DemandModel.Grid, halfLife, 0.0, ModelDefaults.DemandMaxEntries);
            var exact = new DecayingHistogram<ExactWeight>(shape);
            var compact = new DecayingHistogram<CompactWeight>(shape);
            double level = 0.01 + (random.NextDouble() * 2);
            for (int minute = 0; minute < 5 * 24 * 60; minute++)
            {
                if (minute % (24 * 60) == 0)
                {
                    level *= 0.5 + random.NextDouble();
                }

                double wave = 1 + (0.5 * Math.Sin(minute * 2 * Math.PI / (24 * 60)));
                double cores = level * wave * (0.8 + (0.4 * random.NextDouble())) * (random.Next(50) == 0 ? 3 : 1);
                DateTimeOffset time = Intervals.T0.AddMinutes(minute);
                exact.AddSample(cores, 1.0, time);
                compact.AddSample(cores, 1.0, time);

                if (minute % 360 == 359)
                {
                    foreach (double p in Percentiles)
                    {
                        double a = exact.Percentile(p, PercentileMode.UpperEdge);
                        double b = compact.Percentile(p, PercentileMode.UpperEdge);
                        double low = exact.Percentile(p - Delta, PercentileMode.UpperEdge);
                        double high = exact.Percentile(p + Delta, PercentileMode.UpperEdge);
                        Assert.True(low <= b && b <= high, $"workload {w} minute {minute} p{p}: float {b} outside double [{low}, {high}] (double at p: {a})");
                        compared++;
                        moved += a == b ? 0 : 1;
                    }
                }
            }
        }

        // 120 workloads × 20 checks × 5 percentiles.
        Assert.Equal(12_000, compared);
        Assert.True(moved <= compared / 100, $"{moved} of {compared} percentiles moved a bucket");
    }

    [Fact]
    public void Percentile_FloatVersusDoubleWeights_WaitsOverDays_BetweenDoubleAnswersAtPPlusMinusDelta()
    {
        // Wait histograms take counts (up to 100 000 waits a slot a minute) in log2 µs slots, read interpolated.
        var random = new Random(7);
        for (int w = 0; w < 60; w++)
        {
            TimeSpan halfLife = w % 2 == 0 ? TimeSpan.FromHours(24) : TimeSpan.FromHours(1);
            var shape = WaitHistogram.Shape(halfLife);
            var exact = new DecayingHistogram<ExactWeight>(shape);
            var compact = new DecayingHistogram<CompactWeight>(shape);
            int centre = random.Next(3, 20);
            for (int minute = 0; minute < 5 * 24 * 60; minute++)
            {
                DateTimeOffset time = Intervals.T0.AddMinutes(minute);
                for (int k = 0; k < 4; k++)
                {
                    int slot = Math.Clamp(centre + random.Next(-3, 4), 0, Log2MicrosecondBuckets.Slots - 1);
                    long count = random.Next(1, 100_000);
                    exact.AddToBucket(slot, count, time);
                    compact.AddToBucket(slot, count, time);
                }

                if (minute % 360 == 359)
                {
                    foreach (double p in Percentiles)
                    {
                        double a = exact.Percentile(p, PercentileMode.Interpolated);
                        double b = compact.Percentile(p, PercentileMode.Interpolated);
                        double low = exact.Percentile(p - Delta, PercentileMode.Interpolated);
                        double high = exact.Percentile(p + Delta, PercentileMode.Interpolated);
                        Assert.True(low <= b && b <= high, $"workload {w} minute {minute} p{p}: float {b} outside double [{low}, {high}] (double at p: {a})");
                    }
                }
            }
        }
    }

    [Fact]
    public void Quantile_FloatDemandModelVersusDoubleReference_ManyWorkloadsOverDays_WithinDeltaAndOneMillicore()
    {
        // The per-period demand model (float weights) against the same history summed in double here: each period
        // weighs count × 2^((t − T0)/24 h), and the quantile is the first grid value whose cumulative weight reaches
        // p·total (less the model's 1e-12 tie slack). 60 workloads, a 60 s interval a minute for 3 days, 1–8 demand
        // values a minute of 1–600 periods each: the limit's quantiles must keep the δ bound, and (values this dense) agree within one millicore.
        var random = new Random(14);
        double halfLifeTicks = ModelDefaults.HalfLife.Ticks;
        int moved = 0;
        for (int w = 0; w < 60; w++)
        {
            var shape = DemandModel.Shape(ModelDefaults.HalfLife, int.MaxValue);
            var model = new DemandModel();
            var reference = new SortedDictionary<int, double>();
            double total = 0;
            int top = random.Next(10, 3000);
            for (int minute = 0; minute < 3 * 24 * 60; minute++)
            {
                var periods = new (double Cores, long Count)[random.Next(1, 9)];
                for (int k = 0; k < periods.Length; k++)
                {
                    periods[k] = (random.Next(1, top + 1) / 1000.0, random.Next(1, 601));
                }

                periods = [.. periods.DistinctBy(p => p.Cores)];
                WorkloadInterval interval = Intervals.Exact(Intervals.T0.AddMinutes(minute), 60, periods);
                model.Add(shape, interval);
                double factor = Math.Pow(2.0, (interval.Time.UtcTicks - Intervals.T0.UtcTicks) / halfLifeTicks);
                foreach (var (cores, count) in periods)
                {
                    int bucket = DemandModel.Grid.FindBucket(cores);
                    reference[bucket] = reference.GetValueOrDefault(bucket) + (count * factor);
                    total += count * factor;
                }

                if (minute % 720 == 719)
                {
                    foreach (double p in Percentiles)
                    {
                        double expected = ReferenceQuantile(reference, p * total * (1 - 1e-12));
                        double low = ReferenceQuantile(reference, (p - Delta) * total);
                        double high = ReferenceQuantile(reference, (p + Delta) * total);
                        double actual = model.Quantile(p).Cores;
                        Assert.True(low <= actual && actual <= high, $"workload {w} minute {minute} p{p}: float {actual} outside double [{low}, {high}] (double at p: {expected})");
                        Assert.True(Math.Abs(expected - actual) <= 0.001 + 1e-9, $"workload {w} minute {minute} p{p}: double {expected}, float {actual}");
                        moved += expected == actual ? 0 : 1;
                    }
                }
            }
        }

        Assert.True(moved <= 30, $"{moved} of 1 800 quantiles moved a millicore");
    }

    [Fact]
    public void Quantile_ExactTieAt95PercentOverThreeDays_StaysOnTheLowerValue()
    {
        // 570 periods at 0.2 core and 30 at 0.8 every minute for 3 days: exactly 95 % of the weight is at 0.2 in
        // exact arithmetic, so p95 is 0.2. Float buckets accumulate rounding apart (each add rounds to 2^-24 of
        // the bucket), and the tie must still resolve to the lower value, as it does with double weights.
        var shape = DemandModel.Shape(ModelDefaults.HalfLife, ModelDefaults.DemandMaxEntries);
        var model = new DemandModel();
        for (int minute = 0; minute < 3 * 24 * 60; minute++)
        {
            model.Add(shape, Intervals.Exact(Intervals.T0.AddMinutes(minute).AddSeconds(17), 60, (0.2, 570), (0.8, 30)));
            if (minute % 60 == 59)
            {
                Assert.Equal(0.2, model.Quantile(0.95).Cores);
                Assert.Equal(0.05, model.ExceedanceProbability(0.2), 1e-6);
            }
        }
    }

    private static double ReferenceQuantile(SortedDictionary<int, double> weights, double threshold)
    {
        double partial = 0;
        int last = -1;
        foreach (var (bucket, weight) in weights)
        {
            partial += weight;
            last = bucket;
            if (partial >= threshold)
            {
                break;
            }
        }

        return DemandModel.Grid.BucketEnd(last);
    }
}
