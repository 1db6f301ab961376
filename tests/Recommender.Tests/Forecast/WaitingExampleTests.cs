using KernelTruth.Recommender.Forecast;
using KernelTruth.Simulations.Forecast;

namespace KernelTruth.Recommender.Tests.Forecast;

public sealed class WaitingExampleTests
{
    [Fact]
    public void Bytes_AnExample_IsWhatItAllocates()
    {
        // 16 (header) + 8 (level) + 8 (minute) + 9 × 4 (features inline) = 68, padded to 72; the features as an array of
        // their own (64) with the level and minute beside it in every workload's state (16) took 80.
        float[] features = new float[ForecastFeatures.Count];
        _ = new WaitingExample(features, 1, 2); // the type loaded and its constructor compiled before counting
        long before = GC.GetAllocatedBytesForCurrentThread();
        var example = new WaitingExample(features, 1, 2);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        GC.KeepAlive(example);
        Assert.Equal(72, allocated);
        Assert.Equal(WaitingExample.Bytes, allocated);
    }

    [Fact]
    public void Features_RandomFeatures_SameFloatsLevelAndMinuteBackInAnArrayOfTheirOwn()
    {
        var random = new Random(16);
        float[] features = [.. Enumerable.Range(0, ForecastFeatures.Count).Select(_ => (float)((random.NextDouble() * 4) - 1))];

        var example = new WaitingExample(features, 3.25, 29_459_522);
        float[] back = example.Features();
        features[0] = 99; // the example keeps its own copy

        Assert.Equal((3.25, 29_459_522L), (example.Level, example.Minute));
        Assert.NotEqual(99, back[0]);
        Assert.Equal(features[1..], back[1..]);
        Assert.NotSame(back, example.Features());
    }

    [Fact]
    public void Constructor_WrongFeatureCount_Refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new WaitingExample(new float[ForecastFeatures.Count - 1], 1, 2));

        Assert.StartsWith("an example has 9 features, not 8", error.Message, StringComparison.Ordinal);
    }
}
