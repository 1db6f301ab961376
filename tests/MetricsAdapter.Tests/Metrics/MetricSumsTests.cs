using KernelTruth.MetricsAdapter.Metrics;

namespace KernelTruth.MetricsAdapter.Tests.Metrics;

public class MetricSumsTests
{
    private static readonly DateTimeOffset T = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    internal static MetricSums Sums(long periods = 0, long throttled = 0, double demand = 0, double? request = null, DateTimeOffset? at = null, double window = 60, int contentionSlot = 5, long contention = 0)
    {
        var c = new long[MetricSums.WaitSlots];
        c[contentionSlot] = contention;
        return new MetricSums(at ?? T, window, periods, throttled, new long[MetricSums.WaitSlots], c, demand, request);
    }

    [Fact]
    public void Merge_Histograms_P99FromMergedWaitsNotMaxOfP99s()
    {
        // 1000 waits in slot 5 (32–64 µs) and 5 in slot 15 (32–65 ms): 994.95 of 1005 lie in slot 5
        // → merged p99 64 µs; the second pod alone has p99 65.536 ms, which a max of p99s would report.
        var busy = Sums(contention: 1000);
        var rare = Sums(contention: 5, contentionSlot: 15);
        Assert.Equal(0.065536, rare.Value(MetricNames.ContentionWaitP99)!.Value, 9);
        Assert.Equal(64e-6, busy.Merge(rare).Value(MetricNames.ContentionWaitP99)!.Value, 9);
    }

    [Fact]
    public void Merge_Ratio_WeightedByPeriods()
    {
        // 30 of 100 and 0 of 300 → 30 / 400 = 0.075, not the mean of ratios (0.15).
        var merged = Sums(periods: 100, throttled: 30).Merge(Sums(periods: 300, throttled: 0));
        Assert.Equal(0.075, merged.Value(MetricNames.ThrottledPeriodsRatio)!.Value, 12);
    }

    [Fact]
    public void Merge_DemandAndRequestSummed_UtilizationOfTotals()
    {
        // (0.3 + 0.1) / (0.5 + 0.3) = 0.5
        var merged = Sums(demand: 0.3, request: 0.5).Merge(Sums(demand: 0.1, request: 0.3));
        Assert.Equal(0.4, merged.Value(MetricNames.DemandCores)!.Value, 12);
        Assert.Equal(0.5, merged.Value(MetricNames.DemandUtilization)!.Value, 12);
    }

    [Fact]
    public void Merge_OneMemberWithoutRequest_UtilizationNotOffered()
    {
        var merged = Sums(demand: 0.3, request: 0.5).Merge(Sums(demand: 0.1));
        Assert.Null(merged.Value(MetricNames.DemandUtilization));
        Assert.NotNull(merged.Value(MetricNames.DemandCores));
    }

    [Fact]
    public void Merge_TimestampOfStalest_WindowOfLongest()
    {
        var merged = Sums(at: T, window: 30).Merge(Sums(at: T.AddSeconds(-20), window: 60));
        Assert.Equal(T.AddSeconds(-20), merged.Timestamp);
        Assert.Equal(60, merged.WindowSeconds);
    }

    [Fact]
    public void Value_UnlimitedNoPeriods_RatioZero_UnknownMetricNull()
    {
        Assert.Equal(0, Sums().Value(MetricNames.ThrottledPeriodsRatio));
        Assert.Equal(0, Sums().Value(MetricNames.ThrottleWaitP99));
        Assert.Null(Sums().Value("cpu_nonsense"));
    }

    [Theory]
    [InlineData(0.2, 0.3, 0.4)] // wait capped at (2 − 1) × usage
    [InlineData(0.2, 0.05, 0.25)]
    [InlineData(0, 0.5, 0)]
    public void Demand_UsagePlusCappedThrottleWait(double usage, double wait, double expected) =>
        Assert.Equal(expected, MetricSums.Demand(usage, wait), 12);
}
