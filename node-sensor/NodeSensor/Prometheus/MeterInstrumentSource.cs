using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace KernelTruth.NodeSensor.Prometheus;

/// <summary>
/// Listens to the instruments of the selected meters and aggregates their measurements, so that
/// a scrape only has to snapshot in-memory state.
/// </summary>
internal sealed class MeterInstrumentSource : IDisposable
{
    private readonly Func<string, bool> _includeMeter;
    private readonly MeterListener _listener;
    private readonly ConcurrentDictionary<Instrument, InstrumentAggregator> _aggregators = new();

    public MeterInstrumentSource(Func<string, bool> includeMeter)
    {
        _includeMeter = includeMeter;
        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = (instrument, state) => _aggregators.TryRemove(instrument, out var _),
        };

        // Every numeric type System.Diagnostics.Metrics allows; values become doubles, so a
        // long counter loses exactness only above 2^53.
        _listener.SetMeasurementEventCallback<byte>((_, v, tags, state) => Record(state, v, tags));
        _listener.SetMeasurementEventCallback<short>((_, v, tags, state) => Record(state, v, tags));
        _listener.SetMeasurementEventCallback<int>((_, v, tags, state) => Record(state, v, tags));
        _listener.SetMeasurementEventCallback<long>((_, v, tags, state) => Record(state, v, tags));
        _listener.SetMeasurementEventCallback<float>((_, v, tags, state) => Record(state, v, tags));
        _listener.SetMeasurementEventCallback<double>((_, v, tags, state) => Record(state, v, tags));
        _listener.SetMeasurementEventCallback<decimal>((_, v, tags, state) => Record(state, (double)v, tags));

        // Start publishes the instruments that already exist, so meters created before the
        // exporter are exported too.
        _listener.Start();
    }

    /// <summary>
    /// Polls observable instruments and snapshots every aggregator. A failing observable
    /// callback or snapshot is reported and leaves out only what it concerns.
    /// </summary>
    public List<MetricFamily> Collect(Action<string, Exception> onError)
    {
        var aggregators = _aggregators.Values.OrderBy(a => a.Name, StringComparer.Ordinal).ToArray();
        foreach (var aggregator in aggregators)
        {
            aggregator.BeginCollect();
        }

        try
        {
            _listener.RecordObservableInstruments();
        }
        catch (AggregateException ex)
        {
            // The listener polls every observable instrument and only then throws the callbacks'
            // exceptions together, so the instruments that succeeded still have their values.
            foreach (var inner in ex.InnerExceptions)
            {
                onError("observable instrument callback", inner);
            }
        }

        var families = new List<MetricFamily>(aggregators.Length);
        foreach (var aggregator in aggregators)
        {
            try
            {
                families.Add(aggregator.Snapshot());
            }
            catch (ArgumentException ex)
            {
                // E.g. a histogram measured with an "le" tag, which Prometheus reserves for buckets.
                onError($"{aggregator.Instrument.Meter.Name}/{aggregator.Instrument.Name}", ex);
            }
        }

        return families;
    }

    public void Dispose() => _listener.Dispose();

    private static void Record(object? state, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        ((InstrumentAggregator)state!).Record(value, tags);

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!_includeMeter(instrument.Meter.Name) || InstrumentAggregator.Create(instrument) is not { } aggregator)
        {
            return;
        }

        if (_aggregators.TryAdd(instrument, aggregator))
        {
            listener.EnableMeasurementEvents(instrument, aggregator);
        }
    }
}
