using KernelTruth.Simulations.Forecast;
using Xunit.Abstractions;

namespace KernelTruth.Simulations.Tests.Forecast;

/// <summary>
/// Saving and loading the fitted forecaster. The model is fitted on two weeks of <see cref="DiurnalTrace.Workloads"/>'
/// first two workloads, every 7th minute (after each one's first week) an example, as the recommender's reservoir holds them.
/// </summary>
public sealed class DemandForecasterTests(ITestOutputHelper output)
{
    private static readonly Lazy<(DemandForecaster Model, IReadOnlyList<double[]> Traces)> Fitted = new(() =>
    {
        var traces = DiurnalTrace.Workloads(seed: 11, weeks: 2);
        var examples = traces.Take(2).SelectMany(t => ForecastWalk.Examples(t, DiurnalTrace.FirstMinute, 2, strideMinutes: 7)).ToList();
        return (DemandForecaster.Train(examples), traces);
    });

    [Fact]
    public void FromBytes_SavedModel_PredictsBitForBitAsTheFittedOne()
    {
        var (model, traces) = Fitted.Value;

        byte[] saved = model.ToBytes();
        var loaded = DemandForecaster.FromBytes(saved);

        output.WriteLine($"saved forecaster: {saved.Length} bytes (fitted on {model.Examples} examples)");
        Assert.Equal(model.Examples, loaded.Examples);
        var walk = ForecastWalk.Ready(traces[3], DiurnalTrace.FirstMinute, 2, strideMinutes: 97).ToList();
        Assert.True(walk.Count > 50, $"{walk.Count} points to compare");
        Assert.All(walk, p => Assert.Equal(model.Predict(p.Features, p.Level), loaded.Predict(p.Features, p.Level)));
    }

    [Fact]
    public void FromBytes_DamagedOrForeign_InvalidDataExceptionSayingWhy()
    {
        byte[] saved = Fitted.Value.Model.ToBytes();
        byte[] truncated = saved[..(saved.Length / 2)];
        byte[] scrambled = [.. saved];
        for (int i = 13 + 40; i < scrambled.Length; i += 3)
        {
            scrambled[i] ^= 0x5A; // the zip's entries past its first header
        }

        byte[] otherFeatures = [.. saved];
        otherFeatures[5] = ForecastFeatures.Count + 1;

        Assert.Contains("cannot be loaded by ML.NET", Assert.Throws<InvalidDataException>(() => DemandForecaster.FromBytes(truncated)).Message, StringComparison.Ordinal);
        Assert.Contains("cannot be loaded by ML.NET", Assert.Throws<InvalidDataException>(() => DemandForecaster.FromBytes(scrambled)).Message, StringComparison.Ordinal);
        Assert.Contains("features", Assert.Throws<InvalidDataException>(() => DemandForecaster.FromBytes(otherFeatures)).Message, StringComparison.Ordinal);
        Assert.Contains("KTFM", Assert.Throws<InvalidDataException>(() => DemandForecaster.FromBytes([1, 2, 3])).Message, StringComparison.Ordinal);
    }
}
