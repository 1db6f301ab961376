using System.Runtime.CompilerServices;
using KernelTruth.Simulations.Forecast;

namespace KernelTruth.Recommender.Forecast;

/// <summary>
/// A training example whose label, the demand at <see cref="Minute"/> over <see cref="Level"/>, is not known yet: at most
/// one per workload. Its features are inline, so the level and minute cost nothing while none waits: 16 (header) + 8
/// (level) + 8 (minute) + 9 × 4 (features) = 68, padded to <see cref="Bytes"/> = 72, where the features' own array (24 +
/// 36 = 60, padded to 64) and the level and minute kept in every workload's state (16) took 80. The label's minute comes
/// a horizon later; the features are copied out then for the forecaster's examples (<see cref="Features"/>).
/// </summary>
internal sealed class WaitingExample
{
    /// <summary>This object as allocated, measured by WaitingExampleTests.</summary>
    public const int Bytes = 72;

    private Inline _features;

    /// <param name="features"><see cref="ForecastFeatures.Count"/> features at the minute the example was made.</param>
    /// <param name="level">The workload's level then, which the label is divided by.</param>
    /// <param name="minute">The minute whose demand is the label.</param>
    public WaitingExample(ReadOnlySpan<float> features, double level, long minute)
    {
        if (features.Length != ForecastFeatures.Count)
        {
            throw new ArgumentException($"an example has {ForecastFeatures.Count} features, not {features.Length}", nameof(features));
        }

        features.CopyTo(_features);
        (Level, Minute) = (level, minute);
    }

    public double Level { get; }

    public long Minute { get; }

    /// <summary>The features, in an array of their own (the forecaster's examples keep it).</summary>
    public float[] Features() => ((ReadOnlySpan<float>)_features).ToArray();

    [InlineArray(ForecastFeatures.Count)]
    private struct Inline
    {
        private float _first;
    }
}
