using System.Diagnostics.Metrics;

namespace KernelTruth.NodeSensor.Prometheus;

/// <summary>
/// Turns one instrument's measurements into a family. Measurements of synchronous instruments
/// arrive on any thread; those of observable instruments arrive during a collection.
/// </summary>
internal abstract class InstrumentAggregator
{
    protected InstrumentAggregator(Instrument instrument, MetricType type)
    {
        Instrument = instrument;
        Type = type;
        Name = PrometheusNames.ForInstrument(instrument, type);
    }

    public Instrument Instrument { get; }

    public MetricType Type { get; }

    /// <summary>The exposed family name.</summary>
    public string Name { get; }

    protected string Help => Instrument.Description ?? string.Empty;

    /// <summary>
    /// Picks the aggregation Prometheus semantics need for the instrument's kind, or null for a
    /// kind we do not export. Observable instruments report absolute values each collection, so
    /// they keep the last value and forget series not reported again.
    /// </summary>
    public static InstrumentAggregator? Create(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }

        var kind = type.GetGenericTypeDefinition();
        return kind switch
        {
            _ when kind == typeof(Counter<>) => new SumAggregator(instrument, MetricType.Counter),
            _ when kind == typeof(UpDownCounter<>) => new SumAggregator(instrument, MetricType.Gauge),
            _ when kind == typeof(ObservableCounter<>) => new LastValueAggregator(instrument, MetricType.Counter, resetEachCollect: true),
            _ when kind == typeof(ObservableUpDownCounter<>) => new LastValueAggregator(instrument, MetricType.Gauge, resetEachCollect: true),
            _ when kind == typeof(ObservableGauge<>) => new LastValueAggregator(instrument, MetricType.Gauge, resetEachCollect: true),
            _ when kind == typeof(Gauge<>) => new LastValueAggregator(instrument, MetricType.Gauge, resetEachCollect: false),
            _ when kind == typeof(Histogram<>) => new HistogramAggregator(instrument),
            _ => null,
        };
    }

    public abstract void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags);

    /// <summary>Called before observable instruments are polled for a collection.</summary>
    public virtual void BeginCollect()
    {
    }

    /// <summary>A consistent copy of the current state as a family.</summary>
    public abstract MetricFamily Snapshot();
}
