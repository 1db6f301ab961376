using System.Buffers.Binary;
using KernelTruth.Simulations.Forecast;
using Xunit.Abstractions;

namespace KernelTruth.Simulations.Tests.Forecast;

/// <summary>
/// The half-float history against the float arithmetic it replaced (format 1): the same answers within a stated bound,
/// the old bytes still loading, damaged bytes refused.
/// </summary>
public sealed class DemandHistoryFormatTests(ITestOutputHelper output)
{
    private const long Monday = DiurnalTrace.FirstMinute;
    private const int Week = 7 * 1440;

    /// <summary>
    /// How far a seasonal value may sit from format 1's: 0.25 %. The rounding analysis in DemandHistory's remarks gives
    /// at most 0.22 % for a mean (≤ 1/2 048 per week's rounding, carried on at weight 0.78: 1/2 048 ÷ 0.22); the rest
    /// is headroom. The backtest's MAPE is 2.6–4.9 %, so 0.25 % of the value cannot move it by more than 0.25 points.
    /// </summary>
    private const double Bound = 0.0025;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Seasonal_FourWeeksOfDiurnalTraces_WithinTheBoundOfTheFloatMeans(int seed)
    {
        // The backtest's eight workloads of the seed; the largest relative difference is printed (seen: 0.08–0.10 %).
        double worst = 0;
        foreach (double[] minutes in DiurnalTrace.Workloads(seed))
        {
            var history = new DemandHistory();
            var reference = new FloatReference();
            for (int m = 0; m < minutes.Length; m++)
            {
                history.Add(Monday + m, minutes[m]);
                reference.Add(Monday + m, minutes[m]);
            }

            for (int slot = 0; slot < DemandHistory.HoursPerWeek; slot++)
            {
                long minute = Monday + (slot * 60) + 30; // the half hour: exactly the slot's mean
                Assert.Equal(reference.Mean(slot), history.Seasonal(minute), reference.Mean(slot) * Bound);
                worst = Math.Max(worst, Math.Abs(history.Seasonal(minute) - reference.Mean(slot)) / reference.Mean(slot));
            }

            Assert.Equal(reference.Level(), history.Level(), reference.Level() * Bound);
        }

        output.WriteLine($"seed {seed}: largest difference from the float means {worst:P4}");
    }

    [Fact]
    public void Seasonal_DemandFivePercentUpAfterFourWeeks_FollowsItLikeTheFloatMeans()
    {
        // 1 core for 4 weeks, then 1.05: each minute moves a full slot's mean by 0.05/240 ≈ 0.0002 cores, under half a
        // unit in the last place of a half at 1 (1/2 048 ≈ 0.00049). Rounded every minute the mean would stay at 1.0
        // (5 % off); rounded once an hour it follows: after 4 more weeks the float means are at 1 + 0.05 × (1 −
        // (239/240)^240) ≈ 1.0316.
        var history = new DemandHistory();
        var reference = new FloatReference();
        for (int m = 0; m < 8 * Week; m++)
        {
            double cores = m < 4 * Week ? 1 : 1.05;
            history.Add(Monday + m, cores);
            reference.Add(Monday + m, cores);
        }

        for (int slot = 0; slot < DemandHistory.HoursPerWeek; slot++)
        {
            double expected = reference.Mean(slot);
            Assert.InRange(expected, 1.03, 1.034);
            Assert.Equal(expected, history.Seasonal(Monday + (slot * 60) + 30), expected * Bound);
        }
    }

    [Fact]
    public void Recent_AnyValue_WithinHalfAUnitOfAHalf()
    {
        // A half keeps 11 significant bits: a value is kept within 1/2 048 of itself (0.3 as 0.2998…, 0.001 as 0.0010004).
        var history = new DemandHistory();
        double[] values = [0.3, 1.0 / 3, 7.77, 123.456, 0.001];
        for (int m = 0; m < values.Length; m++)
        {
            history.Add(Monday + m, values[m]);
        }

        for (int lag = 0; lag < values.Length; lag++)
        {
            double v = values[values.Length - 1 - lag];
            Assert.Equal(v, history.Recent(lag), v / 2048);
        }
    }

    [Fact]
    public void Add_AboveTheLargestHalf_KeptAsIt()
    {
        var history = new DemandHistory();
        history.Add(Monday, 1e6);
        history.Add(Monday + 60, 1); // the first hour ends: its mean is rounded to a half

        Assert.Equal(DemandHistory.MaxCores, history.Recent(1));
        Assert.Equal(DemandHistory.MaxCores, history.Seasonal(Monday + 30));
    }

    [Fact]
    public void ToBytesFromBytes_InTheMiddleOfAnHour_ExactlyTheSameForecastInputs()
    {
        // Saved at minute 25 of an hour: that hour's mean is the unrounded float, so it goes on as if never saved.
        var history = new DemandHistory();
        double[] minutes = DiurnalTrace.Workloads(seed: 2)[3];
        int saveAt = Week + (5 * 60) + 25;
        for (int m = 0; m <= saveAt; m++)
        {
            history.Add(Monday + m, minutes[m]);
        }

        var copy = DemandHistory.FromBytes(history.ToBytes());
        for (int m = saveAt + 1; m < saveAt + 200; m++)
        {
            history.Add(Monday + m, minutes[m]);
            copy.Add(Monday + m, minutes[m]);
            var a = ForecastFeatures.At(history, Monday + m, 2, out double levelA);
            var b = ForecastFeatures.At(copy, Monday + m, 2, out double levelB);
            Assert.Equal(a, b);
            Assert.Equal(levelA, levelB);
        }

        Assert.Equal(history.ToBytes(), copy.ToBytes());
    }

    [Fact]
    public void FromBytes_Version1_LoadsWithinHalfAUnitAndKeepsTheOpenHourExact()
    {
        // Format 1, written here by its own layout (1 + 8 + 1 + 1 + 168 × 4 + 168 + 30 × 4 = 971 bytes): means
        // 1 + slot/1 000 cores with 60 samples each, the last minute Monday 05:10 (hour 5), ring of 30 minutes at 2.5
        // + lag/100 cores (newest first), written at positions ..., next = 0.
        long last = Monday + (5 * 60) + 10;
        byte[] v1 = new byte[DemandHistory.SavedBytesVersion1];
        v1[0] = 1;
        BinaryPrimitives.WriteInt64LittleEndian(v1.AsSpan(1), last);
        (v1[9], v1[10]) = (30, 0);
        for (int slot = 0; slot < DemandHistory.HoursPerWeek; slot++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(v1.AsSpan(11 + (slot * 4)), 1 + (slot / 1000f));
            v1[11 + (168 * 4) + slot] = 60;
        }

        for (int i = 0; i < DemandHistory.RecentMinutes; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(v1.AsSpan(11 + (168 * 5) + (i * 4)), 2.5f + ((29 - i) / 100f));
        }

        var history = DemandHistory.FromBytes(v1);

        Assert.Equal(last, history.LastMinute);
        Assert.True(history.WeekCovered);
        Assert.Equal(1 + (5 / 1000f), history.Seasonal(Monday + (5 * 60) + 30)); // the open hour: the float itself
        Assert.Equal(1.006, history.Seasonal(Monday + (6 * 60) + 30), 1.006 / 2048);
        for (int lag = 0; lag < 30; lag++)
        {
            Assert.Equal(2.5 + (lag / 100.0), history.Recent(lag), 2.6 / 2048);
        }

        Assert.Equal(DemandHistory.SavedBytes, history.ToBytes().Length);
        Assert.Equal(2, history.ToBytes()[0]);
    }

    [Theory]
    [InlineData(16, 0x7E)] // hour 0's half mean, high byte (bytes 15–16, little-endian): NaN (0x7E00)
    [InlineData(18, 0xFC)] // hour 1's half mean (the open hour's rounded copy): −∞ (0xFC00)
    [InlineData(15 + 336, 241)] // a sample count over 240
    [InlineData(10, 30)] // a ring position past the ring
    public void FromBytes_Version2Damaged_InvalidData(int at, byte value)
    {
        var history = new DemandHistory();
        history.Add(Monday, 1);
        history.Add(Monday + 60, 1);
        byte[] bytes = history.ToBytes();
        bytes[at] = value;
        if (at is 16 or 18)
        {
            bytes[at - 1] = 0; // the low byte of that half
        }

        var ex = Assert.Throws<InvalidDataException>(() => DemandHistory.FromBytes(bytes));
        Assert.DoesNotContain("\n", ex.Message);
    }

    [Fact]
    public void FromBytes_Version1LengthWithVersion2Byte_InvalidData()
    {
        byte[] bytes = new byte[DemandHistory.SavedBytesVersion1];
        bytes[0] = 2;

        Assert.Throws<InvalidDataException>(() => DemandHistory.FromBytes(bytes));
    }

    /// <summary>Format 1's hour means, as they were computed: a float per hour of the week, updated every minute.</summary>
    private sealed class FloatReference
    {
        private readonly float[] _means = new float[DemandHistory.HoursPerWeek];
        private readonly int[] _samples = new int[DemandHistory.HoursPerWeek];

        public void Add(long minute, double cores)
        {
            int slot = DemandHistory.HourOfWeek(minute);
            int n = _samples[slot] = Math.Min(_samples[slot] + 1, 240);
            _means[slot] += (float)((cores - _means[slot]) / n);
        }

        public double Mean(int slot) => _means[slot];

        public double Level() => _means.Average(v => (double)v);
    }
}
