using KernelTruth.Simulations.Forecast;

namespace KernelTruth.Simulations.Tests.Forecast;

public sealed class DemandHistoryTests
{
    private const long Monday = DiurnalTrace.FirstMinute;

    [Fact]
    public void HourOfWeek_MondayMidnight_Zero()
    {
        Assert.Equal(0, DemandHistory.HourOfWeek(Monday));
        Assert.Equal(167, DemandHistory.HourOfWeek(Monday - 1)); // Sunday 23:59
    }

    [Fact]
    public void Seasonal_BetweenTwoHours_LinearFromHalfHourToHalfHour()
    {
        // Hour 10 at 2 cores, hour 11 at 4 cores: at 11:00, half way from 10:30 to 11:30, 3 cores.
        var history = new DemandHistory();
        for (int m = 0; m < 120; m++)
        {
            history.Add(Monday + (10 * 60) + m, m < 60 ? 2 : 4);
        }

        Assert.Equal(3.0, history.Seasonal(Monday + (11 * 60)), 6);
        Assert.Equal(2.0, history.Seasonal(Monday + (10 * 60) + 30), 6);
    }

    [Fact]
    public void Recent_LastMinutes_NewestFirst()
    {
        var history = new DemandHistory();
        for (int m = 0; m < 40; m++)
        {
            history.Add(Monday + m, m);
        }

        Assert.Equal(39, history.Recent(0));
        Assert.Equal(35, history.Recent(4));
        Assert.Equal(10, history.Recent(99)); // past the 30-minute ring: its oldest, minute 10
    }

    [Fact]
    public void Recent_SkippedMinutes_FilledWithTheLastValue()
    {
        var history = new DemandHistory();
        history.Add(Monday, 1);
        history.Add(Monday + 3, 5);

        Assert.Equal(5, history.Recent(0));
        Assert.Equal(1, history.Recent(1));
        Assert.Equal(1, history.Recent(3));
    }

    [Fact]
    public void WeekCovered_LastHourHalfFilled_TrueAtItsThirtiethMinute()
    {
        // Every hour needs 30 samples: the week's last hour (Sunday 23:00) has 29 after minute 23:28, 30 after 23:29.
        var history = new DemandHistory();
        int lastHourStart = (7 * 1440) - 60;
        for (int m = 0; m < lastHourStart + 29; m++)
        {
            history.Add(Monday + m, 1);
        }

        Assert.False(history.WeekCovered);
        history.Add(Monday + lastHourStart + 29, 1);
        Assert.True(history.WeekCovered);
    }

    [Fact]
    public void Add_NotAfterTheLastMinute_Throws()
    {
        var history = new DemandHistory();
        history.Add(Monday, 1);

        Assert.Throws<ArgumentException>(() => history.Add(Monday, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => history.Add(Monday + 1, double.NaN));
    }

    [Fact]
    public void RetainedBytes_ANewHistory_IsWhatItAllocates()
    {
        // One object with its arrays inline: 16 + 168 × 2 + 168 + 30 × 2 + 6 (last minute, 48 bits) + 4 (open mean) + 1 +
        // 1 = 592. With the last minute a long and the open hour's slot an int it was 598, padded to 600; the format-1
        // layout (three arrays beside the object) allocated 1 088.
        _ = new DemandHistory(); // the type loaded and its constructor compiled before counting
        long before = GC.GetAllocatedBytesForCurrentThread();
        var history = new DemandHistory();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        GC.KeepAlive(history);
        Assert.Equal(DemandHistory.RetainedBytes, allocated);
        Assert.Equal(592, DemandHistory.RetainedBytes);
    }

    [Fact]
    public void ToBytesFromBytes_AWeekAndAHalf_SameAnswersAndSameFutureAfterMoreMinutes()
    {
        var history = new DemandHistory();
        for (int m = 0; m < 10 * 1440; m += m % 7 == 0 ? 2 : 1) // gaps too: the ring is filled across them
        {
            history.Add(Monday + m, 1 + Math.Sin(m / 97.0));
        }

        byte[] bytes = history.ToBytes();
        var copy = DemandHistory.FromBytes(bytes);

        Assert.Equal(DemandHistory.SavedBytes, bytes.Length);
        Assert.Equal(history.LastMinute, copy.LastMinute);
        Assert.Equal(history.WeekCovered, copy.WeekCovered);
        long next = history.LastMinute + 1;
        history.Add(next, 3);
        copy.Add(next, 3);
        Assert.Equal(history.ToBytes(), copy.ToBytes());
        Assert.Equal(history.Seasonal(next + 30), copy.Seasonal(next + 30));
        Assert.Equal(Enumerable.Range(0, 30).Select(history.Recent), Enumerable.Range(0, 30).Select(copy.Recent));
    }

    [Theory]
    [InlineData(DemandHistory.MinMinute)]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData((1L << 32) - 1)] // the 48 bits' low half full: the high half carries nothing yet
    [InlineData(DemandHistory.MaxMinute - 60)]
    public void LastMinute_MinutesAcrossTheFortyEightBits_SameMinuteSlotAndBytesBack(long first)
    {
        // Two minutes an hour apart: the last is kept in 48 bits, its hour is the open one (a float until it ends) and
        // the saved bytes hold it as the long it is (bytes 1–8).
        var history = new DemandHistory();
        history.Add(first, 1);
        history.Add(first + 60, 2);

        byte[] bytes = history.ToBytes();
        var copy = DemandHistory.FromBytes(bytes);

        Assert.Equal(first + 60, history.LastMinute);
        Assert.Equal(first + 60, BitConverter.ToInt64(bytes, 1));
        Assert.Equal((first + 60, history.Level(), history.Seasonal(first + 30)), (copy.LastMinute, copy.Level(), copy.Seasonal(first + 30)));
        Assert.Equal(bytes, copy.ToBytes());
    }

    [Theory]
    [InlineData(DemandHistory.MaxMinute + 1)]
    [InlineData(long.MaxValue)]
    [InlineData(DemandHistory.MinMinute - 1)]
    public void Add_MinuteOutsideFortyEightBits_RefusedAndNothingKept(long minute)
    {
        var history = new DemandHistory();
        byte[] empty = history.ToBytes();

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => history.Add(minute, 1));

        Assert.Contains("a demand history keeps minutes -140737488355327 to 140737488355327", ex.Message, StringComparison.Ordinal);
        Assert.Equal(long.MinValue, history.LastMinute);
        Assert.Equal(empty, history.ToBytes());
    }

    [Theory]
    [InlineData(DemandHistory.MaxMinute + 1)]
    [InlineData(long.MinValue + 1)]
    public void FromBytes_LastMinuteOutsideFortyEightBits_InvalidData(long minute)
    {
        // No history writes it (Add refuses such a minute): a damaged copy.
        var history = new DemandHistory();
        history.Add(0, 1);
        byte[] bytes = history.ToBytes();
        BitConverter.TryWriteBytes(bytes.AsSpan(1), minute);

        var ex = Assert.Throws<InvalidDataException>(() => DemandHistory.FromBytes(bytes));

        Assert.Contains($"last minute {minute} is outside", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 3)] // another version (was 2, which is now the version written)
    [InlineData(11, 0xFF)] // a mean of NaN (0x…FF pattern in its top byte makes it one)
    [InlineData(9, 31)] // a ring count over 30
    public void FromBytes_Damaged_InvalidData(int at, byte value)
    {
        var history = new DemandHistory();
        history.Add(Monday, 1);
        byte[] bytes = history.ToBytes();
        bytes[at] = value;
        if (at == 11)
        {
            bytes[12] = bytes[13] = bytes[14] = 0xFF; // all four bytes of the first mean: NaN
        }

        Assert.Throws<InvalidDataException>(() => DemandHistory.FromBytes(bytes));
        Assert.Throws<InvalidDataException>(() => DemandHistory.FromBytes(bytes.AsSpan(1)));
    }
}
