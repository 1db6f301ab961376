using KernelTruth.Models.Estimation;
using KernelTruth.Models.Tests.Fakes;

namespace KernelTruth.Models.Tests.Estimation;

public class HistoryConfidenceTests
{
    [Fact]
    public void Days_OneSamplePerMinuteFor12Hours_IsHalfADay()
    {
        var h = new HistoryConfidence();
        for (int m = 0; m <= 720; m++)
        {
            h.Record(Intervals.T0.AddMinutes(m));
        }

        // min(720 min/1440, 721/1440) = min(0.5, 0.5007) = 0.5; score = 0.5/1.5.
        Assert.Equal(0.5, h.Days, 12);
        Assert.Equal(1.0 / 3.0, h.Score, 12);
    }

    [Fact]
    public void Days_FewSamplesOverALongTime_CountsTheSamples()
    {
        var h = new HistoryConfidence();
        h.Record(Intervals.T0);
        h.Record(Intervals.T0.AddDays(7));

        // Span 7 days but 2 samples: min(7, 2/1440) = 0.00139 day.
        Assert.Equal(2 / 1440.0, h.Days, 12);
    }
}
