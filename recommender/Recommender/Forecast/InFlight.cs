using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KernelTruth.Simulations.Forecast;

namespace KernelTruth.Recommender.Forecast;

/// <summary>
/// What a workload has waiting for a later minute once it forecasts: the forecasts made and not yet checked (a ring as
/// long as the horizon, checked by the guard when their minute comes) and at most one training example whose label (the
/// demand at <see cref="ExampleMinute"/> over <see cref="ExampleLevel"/>) is not known yet, its features inline. Made at
/// the first of them (a week of history), so a workload before that pays one null reference for both.
/// 16 (header) + 8 (ring) + 8 (level) + 8 (minute) + 1 (waiting) + 9 × 4 (features, from offset 28) = 80 bytes; the ring
/// and the example as objects of their own behind two references took 2 × 8 + 72 (the example) in the workload's state.
/// </summary>
internal sealed class InFlight
{
    /// <summary>This object as allocated, measured by InFlightTests.</summary>
    public const int Bytes = 80;

    private Expected[] _ahead = [];
    private Features _features;

    /// <summary>True while an example waits for its label.</summary>
    public bool ExampleWaiting { get; private set; }

    /// <summary>The workload's level when the waiting example was made, which its label is divided by.</summary>
    public double ExampleLevel { get; private set; }

    /// <summary>The minute whose demand is the waiting example's label.</summary>
    public long ExampleMinute { get; private set; }

    /// <summary>
    /// Bytes of the ring of forecasts, 0 before the first: 24 (array header and length) + 12 each (minute and cores, not
    /// padded), the array padded to 8. Example: horizon 2 ⇒ 24 + 24 = 48; horizon 3 ⇒ 60, padded to 64. Padded to 16
    /// each, as a (long, float) pair is by default, a horizon of 2 took 56.
    /// </summary>
    public int RingBytes => _ahead.Length == 0 ? 0 : (24 + (_ahead.Length * 12) + 7) & ~7;

    /// <summary>An example waits: <see cref="ForecastFeatures.Count"/> features made now, labelled at <paramref name="minute"/>.</summary>
    public void Wait(ReadOnlySpan<float> features, double level, long minute)
    {
        if (features.Length != ForecastFeatures.Count)
        {
            throw new ArgumentException($"an example has {ForecastFeatures.Count} features, not {features.Length}", nameof(features));
        }

        features.CopyTo(_features);
        (ExampleLevel, ExampleMinute, ExampleWaiting) = (level, minute, true);
    }

    /// <summary>The waiting example's features, in an array of their own (the forecaster's examples keep it).</summary>
    public float[] ExampleFeatures() => ((ReadOnlySpan<float>)_features).ToArray();

    /// <summary>The waiting example's minute has come (labelled or not): none waits.</summary>
    public void ExampleDone() => ExampleWaiting = false;

    /// <summary>Keeps the forecast made for <paramref name="minute"/> (a ring as long as the horizon; a new horizon starts it afresh).</summary>
    public void Expect(long minute, double cores, int horizonMinutes)
    {
        if (_ahead.Length != horizonMinutes)
        {
            _ahead = new Expected[horizonMinutes];
            Array.Fill(_ahead, new Expected(long.MinValue, 0));
        }

        _ahead[Slot(minute)] = new Expected(minute, (float)cores);
    }

    /// <summary>The forecast made for <paramref name="minute"/>, now come, taken out of the ring; null when none was made.</summary>
    public float? Matured(long minute)
    {
        if (_ahead.Length == 0)
        {
            return null;
        }

        ref Expected slot = ref _ahead[Slot(minute)];
        if (slot.Minute != minute)
        {
            return null;
        }

        float cores = slot.Cores;
        slot = new Expected(long.MinValue, 0);
        return cores;
    }

    private int Slot(long minute) => (int)(((minute % _ahead.Length) + _ahead.Length) % _ahead.Length);

    /// <summary>A forecast in flight: the cores forecast for <see cref="Minute"/>; 12 bytes, packed on 4.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private readonly record struct Expected(long Minute, float Cores);

    [InlineArray(ForecastFeatures.Count)]
    private struct Features
    {
        private float _first;
    }
}
