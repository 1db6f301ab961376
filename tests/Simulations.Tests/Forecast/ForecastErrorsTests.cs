using KernelTruth.Simulations.Forecast;

namespace KernelTruth.Simulations.Tests.Forecast;

public sealed class ForecastErrorsTests
{
    [Fact]
    public void Of_UnderAndOverByTwo_SameApeUnderCostsNineTimesMore()
    {
        // y = 10: f = 8 ⇒ APE 0.2, pinball 0.9 × 2 = 1.8; f = 12 ⇒ APE 0.2, pinball 0.1 × 2 = 0.2.
        var under = ForecastErrors.Of("under", [(8, 10)]);
        var over = ForecastErrors.Of("over", [(12, 10)]);

        Assert.Equal(0.2, under.Mape, 9);
        Assert.Equal(0.2, over.Mape, 9);
        Assert.Equal(1.8, under.Pinball90, 9);
        Assert.Equal(0.2, over.Pinball90, 9);
    }

    [Fact]
    public void Of_IdleMinutes_LeftOutOfMapeKeptInPinball()
    {
        // y = 0.01 is below 0.05 cores: no percentage; its pinball (0.1 × 0.99) still counts, averaged over 2 minutes.
        var e = ForecastErrors.Of("x", [(1, 0.01), (10, 10)]);

        Assert.Equal(0, e.Mape, 9);
        Assert.Equal(0.1 * 0.99 / 2, e.Pinball90, 9);
    }
}
