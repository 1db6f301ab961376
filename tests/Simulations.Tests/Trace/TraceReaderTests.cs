using System.Text;
using KernelTruth.Simulations.Trace;

namespace KernelTruth.Simulations.Tests.Trace;

public sealed class TraceReaderTests
{
    private static readonly CpuTrace Valid = new()
    {
        Node = "n1",
        Cgroups =
        [
            new CgroupTrace
            {
                Path = "/a", Id = 7, PeriodUs = 100_000, PeriodCount = 3, QuotaUs = 20_000, Cpus = 2,
                Periods = [new(0, 20_000, true, 5_000, 20_000, CpusUsed: 2, MaxCpuUsageUs: 12_000, ThrottledCpus: 1), new(2, 1_000, false, 0, 20_000, CpusUsed: 1, MaxCpuUsageUs: 1_000)],
                Gaps = [new PeriodGap(1, 2, "lost")],
                Summary = new TraceSummary(3, 1, 5_000, 21_000),
            },
        ],
    };

    private static string Json(CpuTrace t)
    {
        using var ms = new MemoryStream();
        TraceReader.Write(t, ms);
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static CpuTrace Read(string json) => TraceReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Read_WhatWriteWrote_SameTrace()
    {
        var back = Read(Json(Valid));

        Assert.Equal(Valid.Cgroups[0].Periods, back.Cgroups[0].Periods);
        Assert.Equal(Valid.Cgroups[0].Gaps, back.Cgroups[0].Gaps);
        Assert.Equal(Valid.Cgroups[0].Summary, back.Cgroups[0].Summary);
        Assert.Equal(2, back.Version);
    }

    [Fact]
    public void Read_Version1_PeriodsReadWithParallelismUnknown()
    {
        // What version 1 wrote: no cpusUsed, maxCpuUsageUs or throttledCpus.
        const string V1 = """
            {"kind":"CpuTrace","version":1,"node":"n1","kernel":"6.18","startedAtUnixNs":0,"cgroups":[{"path":"/a","id":7,
            "source":"period-timer","periodUs":100000,"periodCount":2,"quotaUs":20000,"burstUs":0,"cpus":2,
            "periods":[{"index":0,"usageUs":20000,"throttled":true,"throttledUs":5000,"quotaUs":20000},
                       {"index":1,"usageUs":3000,"throttled":false,"throttledUs":0,"quotaUs":20000}],"gaps":[]}]}
            """;

        var trace = Read(V1);

        Assert.Equal(1, trace.Version);
        Assert.Equal(new PeriodRecord(0, 20_000, true, 5_000, 20_000), trace.Cgroups[0].Periods[0]);
        Assert.All(trace.Cgroups[0].Periods, p => Assert.Equal(0, p.CpusUsed));
    }

    [Fact]
    public void Read_LargestCpuShareAboveUsage_SaysWhichPeriod()
    {
        var bad = Valid with { Cgroups = [Valid.Cgroups[0] with { Periods = [new(0, 1_000, false, 0, 20_000, CpusUsed: 1, MaxCpuUsageUs: 2_000)] }] };

        var ex = Assert.Throws<TraceFormatException>(() => Read(Json(bad)));

        Assert.Contains("cgroups[0].periods[0] cpusUsed 1 / maxCpuUsageUs 2000", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Truncated_SaysTruncated()
    {
        string json = Json(Valid);
        var ex = Assert.Throws<TraceFormatException>(() => Read(json[..(json.Length / 2)]));

        Assert.Contains("truncated or not a ktruth trace", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FutureVersion_SaysUpgrade()
    {
        var ex = Assert.Throws<TraceFormatException>(() => Read(Json(Valid with { Version = 3 })));

        Assert.Contains("version 3 is newer than this ktruth reads (2)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadFields_EveryErrorNamesItsField()
    {
        var bad = Valid with
        {
            Cgroups = [Valid.Cgroups[0] with { PeriodUs = 0, QuotaUs = -5, Cpus = 0, Periods = [new(2, 1, false, 0, null), new(1, 1, false, 0, null)] }],
        };
        var ex = Assert.Throws<TraceFormatException>(() => Read(Json(bad)));

        Assert.Contains("cgroups[0].periodUs 0 must be > 0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("cgroups[0].quotaUs -5", ex.Message, StringComparison.Ordinal);
        Assert.Contains("cgroups[0].cpus 0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("cgroups[0].periods[1].index 1 must be ascending", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoCgroups_SaysEmpty()
    {
        var ex = Assert.Throws<TraceFormatException>(() => Read(Json(Valid with { Cgroups = [] })));

        Assert.Contains("cgroups is empty", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"cgroups\":[", "\"cgroups\":null,\"x\":[", "cgroups is null")]
    [InlineData("\"cgroups\":[", "\"cgroups\":[null,", "cgroups[0] is null")]
    [InlineData("\"periods\":[", "\"periods\":null,\"x\":[", "cgroups[0].periods is null")]
    [InlineData("\"periods\":[", "\"periods\":[null,", "cgroups[0].periods[0] is null")]
    [InlineData("\"gaps\":[", "\"gaps\":null,\"x\":[", "cgroups[0].gaps is null")]
    [InlineData("\"gaps\":[", "\"gaps\":[null,", "cgroups[0].gaps[0] is null")]
    public void Read_JsonNullWhereAListBelongs_NamesTheField(string from, string to, string expected)
    {
        string json = Json(Valid).Replace(from, to, StringComparison.Ordinal);

        var ex = Assert.Throws<TraceFormatException>(() => Read(json));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2_147_483_647L)]
    [InlineData(300_000_000L)]
    public void Read_PeriodCountBeyondWhatTheFileHolds_RefusedBeforeReplay(long periodCount)
    {
        // The file is well under 1 KB: 1 KB × 64 periods per byte = 65 536 < the 864 000 floor, so 864 000 periods may be claimed.
        string json = Json(Valid with { Cgroups = [Valid.Cgroups[0] with { PeriodCount = periodCount }] });
        Assert.True(json.Length < 1024);

        var ex = Assert.Throws<TraceFormatException>(() => Read(json));

        Assert.Contains($"the cgroups claim {periodCount} periods, more than a file this size can hold (864000)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ADayOfIdlePeriodsInASmallFile_Accepted()
    {
        // An idle limited cgroup recorded for a day: 864 000 periods of 100 ms, two with records.
        var day = Read(Json(Valid with { Cgroups = [Valid.Cgroups[0] with { PeriodCount = TraceReader.MinPeriodBudget }] }));

        Assert.Equal(864_000, day.Cgroups[0].PeriodCount);
    }

    [Fact]
    public void PeriodBudget_LargeFile_64PeriodsPerByte()
    {
        Assert.Equal(64L * 100_000_000, TraceReader.PeriodBudget(100_000_000)); // 100 MB
        Assert.Equal(864_000, TraceReader.PeriodBudget(264));
        Assert.Equal(long.MaxValue, TraceReader.PeriodBudget(long.MaxValue));
    }

    [Fact]
    public void Read_UsageBeyondEveryCpuForTwoPeriods_Refused()
    {
        // 2 CPUs × 100 000 µs × 2 = 400 000 µs is the most one record may carry.
        var bad = Valid with { Cgroups = [Valid.Cgroups[0] with { Periods = [new(0, long.MaxValue, false, 0, 20_000)] }] };
        var edge = Valid with { Cgroups = [Valid.Cgroups[0] with { Periods = [new(0, 400_000, false, 0, 20_000)] }] };

        var ex = Assert.Throws<TraceFormatException>(() => Read(Json(bad)));

        Assert.Contains("usageUs 9223372036854775807 / throttledUs 0 is more than 2 CPUs can do in two periods of 100000 µs (400000)", ex.Message, StringComparison.Ordinal);
        Assert.Equal(400_000, Read(Json(edge)).Cgroups[0].Periods[0].UsageUs);
    }
}
