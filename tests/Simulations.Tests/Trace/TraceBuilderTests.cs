using KernelTruth.Cli.Recording;
using KernelTruth.NodeSensor.Recording;

namespace KernelTruth.Simulations.Tests.Trace;

/// <summary>Kernel period-timer records → trace: lagged counters, idle stretches, lost records.</summary>
public sealed class TraceBuilderTests
{
    private const long P = 100_000_000; // 100 ms in ns

    // Counters are as read before the expiry is handled: what expiry j adds shows in record j+1.
    private static KernelPeriodRecord R(long index, long usedUs, long nrPeriods, long nrThrottled, long throttledUs) =>
        new(7, 1_000_000_000 + (index * P), usedUs * 1000, 20_000_000, P, 0, nrPeriods, nrThrottled, throttledUs * 1000);

    [Fact]
    public void Build_LaggedCounters_ThrottlingAttributedToThePeriodBefore()
    {
        // Period 0 throttled (nr_throttled 0 → 1 between records 0 and 1, 30 ms throttled), period 1 not.
        var trace = TraceBuilder.Build("/a", 7, [R(0, 20_000, 10, 4, 100_000), R(1, 5_000, 11, 5, 130_000), R(2, 0, 12, 5, 130_000)], 2, null);

        Assert.Equal(2, trace.PeriodCount); // the last record has no verdict
        Assert.True(trace.Periods[0].Throttled);
        Assert.Equal(30_000, trace.Periods[0].ThrottledUs);
        Assert.False(trace.Periods[1].Throttled);
        Assert.Equal(20_000, trace.QuotaUs);
    }

    [Fact]
    public void Build_Parallelism_FromTheSameExpiryAsTheUsage()
    {
        // Unlike nr_throttled, the per-CPU times and throttled runqueues are read for the period ending at
        // this expiry: record 1 says period 1 ran on 2 CPUs, 15 ms of its 25 on one, one runqueue throttled.
        var trace = TraceBuilder.Build("/a", 7, [R(0, 20_000, 10, 4, 0), R(1, 25_000, 11, 4, 0) with { CpusUsed = 2, MaxCpuUsedNs = 15_000_000, ThrottledCpus = 1 }, R(2, 0, 12, 5, 0)], 2, null);

        Assert.Equal(0, trace.Periods[0].CpusUsed); // the first expiry of a recording only sets the baseline
        Assert.Equal((2, 15_000L, 1), (trace.Periods[1].CpusUsed, trace.Periods[1].MaxCpuUsageUs, trace.Periods[1].ThrottledCpus));
    }

    [Fact]
    public void Build_IdleStretch_MissingIndicesWithoutGap()
    {
        // The timer stopped after period 1 (nr_periods +1 per expiry): periods 2–4 idle, not lost.
        var trace = TraceBuilder.Build("/a", 7, [R(0, 1_000, 1, 0, 0), R(1, 0, 2, 0, 0), R(5, 1_000, 3, 0, 0), R(6, 0, 4, 0, 0)], 2, null);

        Assert.Empty(trace.Gaps);
        Assert.Equal(new long[] { 0, 1, 5 }, trace.Periods.Select(p => p.Index));
    }

    [Fact]
    public void Build_ExpiriesWithoutRecords_MarkedAsGap()
    {
        // nr_periods went up by 3 between indices 1 and 4: expiries 2 and 3 happened, their records never came.
        var trace = TraceBuilder.Build("/a", 7, [R(0, 1_000, 1, 0, 0), R(1, 1_000, 2, 0, 0), R(4, 1_000, 5, 0, 0), R(5, 0, 6, 0, 0)], 2, null);

        var gap = Assert.Single(trace.Gaps);
        Assert.Equal((2, 4), (gap.From, gap.To));
    }

    [Fact]
    public void Build_NegativeUsage_PeriodBecomesGap()
    {
        var trace = TraceBuilder.Build("/a", 7, [R(0, 1_000, 1, 0, 0), R(1, -5, 2, 0, 0), R(2, 0, 3, 0, 0)], 2, null);

        Assert.Equal("bandwidth reconfigured mid-period", Assert.Single(trace.Gaps).Reason);
    }

    [Fact]
    public void Build_FewerThanTwoRecords_ErrorSaysWhy()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => TraceBuilder.Build("/a", 7, [R(0, 1, 1, 0, 0)], 2, null));

        Assert.Contains("1 period-timer expiries recorded; at least 2 are needed", ex.Message, StringComparison.Ordinal);
    }
}
