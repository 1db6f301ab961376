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
                Periods = [new(0, 20_000, true, 5_000, 20_000), new(2, 1_000, false, 0, 20_000)],
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
        Assert.Equal(1, back.Version);
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
        var ex = Assert.Throws<TraceFormatException>(() => Read(Json(Valid with { Version = 2 })));

        Assert.Contains("version 2 is newer than this ktruth reads (1)", ex.Message, StringComparison.Ordinal);
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
}
