using KernelTruth.Recommender.Forecast;
using KernelTruth.Recommender.Tests.Fakes;
using KernelTruth.Simulations.Forecast;

namespace KernelTruth.Recommender.Tests.Forecast;

public sealed class InFlightTests
{
    [Fact]
    public void Bytes_NothingYet_IsWhatItAllocates()
    {
        // 16 (header) + 8 (ring) + 8 (level) + 8 (minute) + 1 (waiting) + 9 × 4 (features inline, from offset 28) = 80;
        // the example as an object of its own (72) behind a reference, and a second reference for the ring, took 88.
        long allocated = Allocated.By(() => new InFlight());

        Assert.Equal(80, allocated);
        Assert.Equal(InFlight.Bytes, allocated);
    }

    [Fact]
    public void Wait_RandomFeatures_SameFloatsLevelAndMinuteBackInAnArrayOfTheirOwn()
    {
        var random = new Random(16);
        float[] features = [.. Enumerable.Range(0, ForecastFeatures.Count).Select(_ => (float)((random.NextDouble() * 4) - 1))];
        var inFlight = new InFlight();

        inFlight.Wait(features, 3.25, 29_459_522);
        float[] back = inFlight.ExampleFeatures();
        features[0] = 99; // the example keeps its own copy

        Assert.Equal((true, 3.25, 29_459_522L), (inFlight.ExampleWaiting, inFlight.ExampleLevel, inFlight.ExampleMinute));
        Assert.NotEqual(99, back[0]);
        Assert.Equal(features[1..], back[1..]);
        Assert.NotSame(back, inFlight.ExampleFeatures());
        inFlight.ExampleDone();
        Assert.False(inFlight.ExampleWaiting);
    }

    [Fact]
    public void Wait_WrongFeatureCount_Refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new InFlight().Wait(new float[ForecastFeatures.Count - 1], 1, 2));

        Assert.StartsWith("an example has 9 features, not 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Matured_ForecastsOnARingOfTwo_EachTakenOnceAtItsMinute()
    {
        // Forecasts for 101 (2 cores) and 102 (3 cores) on a ring of 2: each comes back once at its own minute; 103
        // shares 101's slot but was never forecast.
        var inFlight = new InFlight();
        Assert.Null(inFlight.Matured(101));
        inFlight.Expect(101, 2, horizonMinutes: 2);
        inFlight.Expect(102, 3, horizonMinutes: 2);

        Assert.Equal([2f, null, 3f, null, null], new[] { inFlight.Matured(101), inFlight.Matured(101), inFlight.Matured(102), inFlight.Matured(102), inFlight.Matured(103) });
    }

    [Theory]
    [InlineData(2, 48)] // 24 + 2 × 12
    [InlineData(3, 64)] // 24 + 3 × 12 = 60, padded to 64
    [InlineData(16, 216)] // 24 + 16 × 12; at 16 bytes each (a long and a float padded) it was 280
    public void RingBytes_AHorizon_IsWhatTheRingAllocates(int horizon, int bytes)
    {
        var inFlight = new InFlight();
        inFlight.Expect(0, 1, horizonMinutes: 1); // the ring's code compiled before counting
        long before = GC.GetAllocatedBytesForCurrentThread();
        inFlight.Expect(100, 1, horizon); // a new horizon: a new ring
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal((bytes, bytes), (allocated, inFlight.RingBytes));
    }
}
