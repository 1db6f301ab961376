using KernelTruth.Recommender.Forecast;

namespace KernelTruth.Recommender.Tests.Forecast;

public sealed class MinuteSumsTests
{
    [Fact]
    public void Add_ThreeReplicasSixIntervalsEach_MinuteHandedOnWhenTwoMinutesLaterArrives()
    {
        // 3 replicas × 6 intervals × 5 core-seconds (10 s at 0.5 cores) in minute 100 ⇒ 90 core-seconds ⇒ 1.5 cores;
        // an interval in 101 leaves it open, the first in 102 hands it on.
        var sums = new MinuteSums();
        var finished = new List<(long Minute, double Cores)>();
        for (int i = 0; i < 18; i++)
        {
            Add(ref sums, 100, 5, finished);
        }

        Add(ref sums, 101, 30, finished);
        Assert.Empty(finished);

        Add(ref sums, 102, 0, finished);

        Assert.Equal([(100, 1.5)], finished);
    }

    [Fact]
    public void Add_MinutesOfZeroDemandAndAGap_ZeroHandedOnAndTheEmptyMinuteNot()
    {
        // Minute 100 gets 0 core-seconds (an idle workload: 0 cores is a demand), 101 gets 6; then 105 arrives, two
        // minutes past both, and hands on 100 and 101. 102–104 got nothing, so none of them is a minute of demand.
        var sums = new MinuteSums();
        var finished = new List<(long Minute, double Cores)>();
        Add(ref sums, 100, 0, finished);
        Add(ref sums, 101, 6, finished);

        Add(ref sums, 105, 12, finished);
        Add(ref sums, 107, 0, finished);

        Assert.Equal([(100, 0.0), (101, 0.1), (105, 0.2)], finished);
    }

    [Fact]
    public void Add_IntervalForAMinuteHandedOn_DroppedAndTheOpenMinutesKept()
    {
        // 100 handed on by 102; a late 100 changes nothing; 101 (still open, 60 core-seconds) is handed on by 103.
        var sums = new MinuteSums();
        var finished = new List<(long Minute, double Cores)>();
        Add(ref sums, 100, 60, finished);
        Add(ref sums, 101, 60, finished);
        Add(ref sums, 102, 60, finished);
        Add(ref sums, 100, 600, finished);

        Add(ref sums, 103, 60, finished);

        Assert.Equal([(100, 1.0), (101, 1.0)], finished);
    }

    [Fact]
    public void SizeOf_OpenMinuteAndTwoSumsWithTheirFlagsInTheSign_24Bytes()
    {
        // 8 (open minute) + 2 × 8 (sums, "anything added" in the sign) = 24; three flags and an int of late intervals
        // beside them made it 32, in every workload's state.
        Assert.Equal(24, System.Runtime.CompilerServices.Unsafe.SizeOf<MinuteSums>());
    }

    private static void Add(ref MinuteSums sums, long minute, double coreSeconds, List<(long, double)> finished) =>
        sums.Add(minute, coreSeconds, finished, static (list, m, cores) => list.Add((m, cores)));
}
