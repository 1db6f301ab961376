using KernelTruth.Models.Startup;

namespace KernelTruth.Models.Tests.Startup;

public sealed class StartupHistoryTests
{
    [Fact]
    public void RetainedBytes_NewHistory_WhatTheRuntimeAllocates()
    {
        // The object and its ring of 16 packed 28-byte samples: 32 + 24 + 448 = 504 (with 32-byte samples, 568).
        _ = new StartupHistory(); // type loading before the measurement
        long before = GC.GetAllocatedBytesForCurrentThread();
        var history = new StartupHistory();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        GC.KeepAlive(history);
        Assert.Equal(28, System.Runtime.CompilerServices.Unsafe.SizeOf<StartupSample>());
        Assert.Equal(StartupHistory.RetainedBytes, allocated);
    }

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

    [Fact]
    public void Restore_SamplesOfAWrappedRing_SameSummaryAndOrder()
    {
        // 20 starts into 16 slots: the ring holds 5..20, oldest first; restored, it summarises the same and adding
        // start 21 drops 5, as the original would.
        var history = new StartupHistory();
        for (int i = 1; i <= 20; i++)
        {
            history.Add(new StartupSample((ulong)i, i, 1, 0, 0.5f * i, 0.1f));
        }

        var samples = history.Samples();
        var restored = StartupHistory.Restore(samples);

        Assert.Equal([.. Enumerable.Range(5, 16).Select(i => (ulong)i)], samples.Select(s => s.Key));
        Assert.Equal(history.Summary(), restored.Summary());
        restored.Add(new StartupSample(21, 21, 1, 0));
        Assert.Equal(6UL, restored.Samples()[0].Key);
    }

    [Fact]
    public void Summary_WarmupMeasuredOnSome_PercentilesOfThoseOnly()
    {
        // Two starts from an older sensor (NaN warm-up), two with 1 and 3 core-s: p50 the 1st of 2 (1), p90 the 2nd (3).
        var history = new StartupHistory();
        history.Add(new StartupSample(1, 2, 5, 1));
        history.Add(new StartupSample(2, 2, 5, 1));
        history.Add(new StartupSample(3, 2, 5, 1, 1, 0.5f));
        history.Add(new StartupSample(4, 2, 5, 1, 3, 0.7f));

        var s = history.Summary()!;

        Assert.Equal(new StartupPercentiles(1, 3), s.WarmupCpuCoreSeconds);
        Assert.Equal(0.5, s.WarmupThrottledSeconds!.P50, 6);
    }
}
