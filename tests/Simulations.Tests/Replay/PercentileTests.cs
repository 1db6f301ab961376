using KernelTruth.Simulations.Replay;

namespace KernelTruth.Simulations.Tests.Replay;

/// <summary>Percentiles by selection against the sorted-array answer they replace.</summary>
public class PercentileTests
{
    [Fact]
    public void Select_RandomTiesAndSortedInputs_EqualsTheSortedArrayAtK()
    {
        // 500 arrays of 1–300 values: random, with many ties (values 0–4), ascending and descending.
        var random = new Random(7);
        for (int round = 0; round < 500; round++)
        {
            int n = random.Next(1, 301);
            double[] values = (round % 4) switch
            {
                0 => [.. Enumerable.Range(0, n).Select(_ => random.NextDouble())],
                1 => [.. Enumerable.Range(0, n).Select(_ => (double)random.Next(5))],
                2 => [.. Enumerable.Range(0, n).Select(i => (double)i)],
                _ => [.. Enumerable.Range(0, n).Select(i => (double)(n - i))],
            };
            double[] sorted = [.. values.Order()];
            int k = random.Next(n);

            Assert.Equal(sorted[k], Percentile.Select(values.ToArray(), k));
        }
    }

    [Fact]
    public void OverCounted_ThreeWaitsInHundredPeriods_NearestRank()
    {
        // 100 counted periods, 97 without wait: p99 is rank 99 = the 2nd of {5, 7, 9} = 7; p50 is rank 50 = 0.
        double[] waits = [9, 5, 7];

        Assert.Equal(7, Percentile.OverCounted(waits, 100, 0.99));
        Assert.Equal(0, Percentile.OverCounted(waits, 100, 0.50));
    }
}
