using KernelTruth.Simulations.Forecast;
using KernelTruth.Simulations.Hpa;
using Xunit.Abstractions;

namespace KernelTruth.Simulations.Tests.Forecast;

/// <summary>
/// The forecaster against seasonal-naive and against reacting, on generated diurnal/weekly traces (ramps, bursts,
/// growth, persistent noise): eight workloads of different sizes, phases and weekend shapes, four weeks each; the model
/// learns from weeks 2–3 of all of them (week 1 fills the history) and is judged on week 4 of the last one.
/// </summary>
public sealed class ForecastBacktestTests(ITestOutputHelper output)
{
    private const int Week = 7 * 1440;

    private static readonly HpaSettings Settings = new()
    {
        RequestCores = 1,
        Target = 0.8,
        MaxReplicas = 200,
        PodStartDelay = TimeSpan.FromSeconds(60),
    };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Run_DiurnalTraces_ForecastBeatsSeasonalNaiveAndScalesAheadOfReacting(int seed)
    {
        var r = ForecastBacktest.Run(DiurnalTrace.Workloads(seed), DiurnalTrace.FirstMinute, 3 * Week, Settings);

        var (bestName, best) = r.BestReactive;
        output.WriteLine($"seed {seed}: horizon {r.HorizonMinutes} min, {r.TrainingExamples} training examples, {r.FallbackMinutes} of {Week} minutes fell back to reactive");
        foreach (var e in new[] { r.Model, r.SeasonalNaive, r.Persistence })
        {
            output.WriteLine($"  {e.Method,-28} MAPE {e.Mape:P2}  pinball(0.9) {e.Pinball90:0.0000} cores over {e.Minutes} minutes");
        }

        foreach (var (name, h) in new[] { ("CpuAverage", r.CpuAverage), ("DemandUtilization", r.DemandUtilization), ("Forecast", r.Forecast) })
        {
            output.WriteLine($"  HPA on {name,-18} under-provisioned {h.UnderProvisionedMinutes,4} min  replica-hours {h.ReplicaHours,8:0.0}  max {h.MaxReplicas}");
        }

        Assert.True(r.Model.Mape < r.SeasonalNaive.Mape, $"MAPE {r.Model.Mape:P2} is not below seasonal-naive's {r.SeasonalNaive.Mape:P2}");
        Assert.True(r.Model.Pinball90 < r.SeasonalNaive.Pinball90, $"pinball {r.Model.Pinball90:0.0000} is not below seasonal-naive's {r.SeasonalNaive.Pinball90:0.0000}");
        Assert.True(r.Forecast.UnderProvisionedMinutes < best.UnderProvisionedMinutes,
            $"forecast HPA under-provisioned {r.Forecast.UnderProvisionedMinutes} min, best reactive ({bestName}) {best.UnderProvisionedMinutes}");
        Assert.True(r.Forecast.ReplicaHours <= 1.10 * best.ReplicaHours,
            $"forecast HPA used {r.Forecast.ReplicaHours:0.0} replica-hours, more than +10 % over {bestName}'s {best.ReplicaHours:0.0}");
    }
}
