using KernelTruth.Reports.Render;

namespace KernelTruth.Reports.Tests.Render;

public sealed class ObservationWindowTests
{
    [Theory]
    [InlineData(45, "45s")]
    [InlineData(150, "2m 30s")]
    [InlineData(3600, "1h")]
    [InlineData(93_784, "1d 2h")]     // 1 d 2 h 3 min 4 s: the two largest units
    [InlineData(604_800, "7d")]
    [InlineData(0, "0s")]
    [InlineData(-1, "n/a")]
    public void Short_Seconds_TwoLargestUnits(double seconds, string expected) =>
        Assert.Equal(expected, ObservationWindow.Short(seconds));
}
