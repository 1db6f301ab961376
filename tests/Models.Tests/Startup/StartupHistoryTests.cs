using KernelTruth.Models.Startup;

namespace KernelTruth.Models.Tests.Startup;

public sealed class StartupHistoryTests
{
    [Fact]
    public void Summary_TenStarts_NearestRankPercentiles()
    {
        // Ready 1..10 s, CPU 2× that: p50 is the 5th smallest (5 s, 10 core-s), p90 the 9th (9 s, 18 core-s).
        var history = new StartupHistory();
        for (int i = 1; i <= 10; i++)
        {
            history.Add(new StartupSample((ulong)i, i, 2 * i, 0.1f * i));
        }

        var s = history.Summary()!;

        Assert.Equal(10, s.Starts);
        Assert.Equal(new StartupPercentiles(5, 9), s.ReadySeconds);
        Assert.Equal(new StartupPercentiles(10, 18), s.CpuCoreSeconds);
        Assert.Equal(0.9, s.ThrottledSeconds.P90, 5);
    }

    [Fact]
    public void Add_SameStartAgain_CountedOnce()
    {
        var history = new StartupHistory();

        Assert.True(history.Add(new StartupSample(7, 1, 1, 0)));
        Assert.False(history.Add(new StartupSample(7, 1, 1, 0)));
        Assert.Equal(1, history.Count);
    }

    [Fact]
    public void Add_MoreThanCapacity_OldestDropped()
    {
        // 20 starts with ready = i s: the ring keeps 5..20 (16), whose p50 is the 8th smallest, 12 s.
        var history = new StartupHistory();
        for (int i = 1; i <= 20; i++)
        {
            history.Add(new StartupSample((ulong)i, i, 1, 0));
        }

        Assert.Equal(StartupHistory.Capacity, history.Count);
        Assert.Equal(12, history.Summary()!.ReadySeconds!.P50);
    }

    [Fact]
    public void Summary_NoneReady_ReadyNullCpuStillKnown()
    {
        var history = new StartupHistory();
        history.Add(new StartupSample(1, float.NaN, 3, 0));

        var s = history.Summary()!;

        Assert.Null(s.ReadySeconds);
        Assert.Equal(3, s.CpuCoreSeconds.P50);
    }

    [Fact]
    public void Summary_Empty_Null()
    {
        Assert.Null(new StartupHistory().Summary());
    }
}
