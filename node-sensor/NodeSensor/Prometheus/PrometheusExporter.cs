using System.Text;
using Microsoft.Extensions.Logging;

namespace KernelTruth.NodeSensor.Prometheus;

/// <summary>
/// Renders the selected meters' instruments plus registered <see cref="IMetricFamilySource"/>s as
/// one Prometheus text exposition (0.0.4), sorted by family name then label set so that equal
/// state always gives byte-identical scrapes.
/// </summary>
/// <remarks>
/// Counter and histogram measurements made before the exporter exists are not seen (a
/// MeterListener only hears what happens after it subscribes), so create it at start-up,
/// before the instruments record.
/// </remarks>
internal sealed partial class PrometheusExporter : IDisposable
{
    public const string ScrapesMetricName = "ktruth_metrics_scrapes_total";
    public const string CollectErrorsMetricName = "ktruth_metrics_collect_errors_total";

    /// <summary>The "source" label value under which instrument failures are counted.</summary>
    public const string InstrumentsSourceName = "instruments";

    private const string SelfSourceName = "exporter";
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    // Collections run one at a time: observable instruments are reset and re-polled per scrape,
    // which two overlapping scrapes would interleave.
    private readonly Lock _collectLock = new();
    private readonly ILogger _logger;
    private readonly MeterInstrumentSource _instruments;
    private readonly List<(string Name, IMetricFamilySource Source)> _sources = [];
    private readonly Dictionary<string, ulong> _errorsBySource = new(StringComparer.Ordinal);
    private ulong _scrapes;
    private bool _disposed;

    /// <param name="includeMeter">Chooses by <c>Meter.Name</c> which meters' instruments are exported.</param>
    public PrometheusExporter(Func<string, bool> includeMeter, ILogger<PrometheusExporter> logger)
    {
        ArgumentNullException.ThrowIfNull(includeMeter);
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        // Zero-initialised so rate() over the error counter works before the first error.
        _errorsBySource[InstrumentsSourceName] = 0;
        _instruments = new MeterInstrumentSource(includeMeter);
    }

    /// <summary>Adds pre-aggregated families; <paramref name="name"/> is the "source" label of its errors.</summary>
    public void AddSource(string name, IMetricFamilySource source)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(source);
        lock (_collectLock)
        {
            if (!_errorsBySource.TryAdd(name, 0))
            {
                throw new ArgumentException($"A metrics source named '{name}' is already registered.", nameof(name));
            }

            _sources.Add((name, source));
        }
    }

    /// <summary>
    /// Collects every family, sorted by name. A failing source or instrument is logged, counted
    /// in ktruth_metrics_collect_errors_total and left out; two families with one name throw
    /// <see cref="InvalidOperationException"/>, because only a code change can fix that.
    /// </summary>
    public IReadOnlyList<MetricFamily> Collect()
    {
        lock (_collectLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _scrapes++;
            var families = new List<(string Source, MetricFamily Family)>();
            foreach (var family in _instruments.Collect(OnInstrumentFailed))
            {
                families.Add((InstrumentsSourceName, family));
            }

            foreach (var (name, source) in _sources)
            {
                try
                {
                    // Materialised inside the try: a lazy source fails while being enumerated.
                    var collected = source.Collect().ToList();
                    families.AddRange(collected.Select(f => (name, f)));
                }
                catch (Exception ex)
                {
                    LogSourceFailed(_logger, name, ex);
                    _errorsBySource[name]++;
                }
            }

            // Built last so that this scrape's own errors are already counted.
            families.Add((SelfSourceName, SelfScrapesFamily()));
            families.Add((SelfSourceName, SelfErrorsFamily()));
            return MetricFamilyMerger.SortAndValidate(families);
        }
    }

    /// <summary>Collects, then writes the exposition; nothing is written if collecting throws.</summary>
    public async Task WriteAsync(TextWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        await writer.WriteAsync(Render().AsMemory(), cancellationToken).ConfigureAwait(false);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Collects, then writes the exposition as UTF-8 without BOM.</summary>
    public async Task WriteAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var bytes = Utf8NoBom.GetBytes(Render());
        await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        lock (_collectLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _instruments.Dispose();
        }
    }

    // Rendered to a string first: a scrape is small (kilobytes) and a half-written body with a
    // 200 status would be worse than a clean failure.
    private string Render()
    {
        var families = Collect();
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        PrometheusTextWriter.Write(writer, families);
        return writer.ToString();
    }

    private void OnInstrumentFailed(string instrument, Exception exception)
    {
        LogInstrumentFailed(_logger, instrument, exception);
        _errorsBySource[InstrumentsSourceName]++;
    }

    private MetricFamily SelfScrapesFamily() => MetricFamily.Counter(
        ScrapesMetricName,
        "Collections of this exporter's metrics, this one included.",
        [new MetricSample(LabelSet.Empty, _scrapes)]);

    private MetricFamily SelfErrorsFamily() => MetricFamily.Counter(
        CollectErrorsMetricName,
        "Failures while collecting metrics, by source; the failing source is left out of that scrape.",
        _errorsBySource.Select(e => new MetricSample(LabelSet.Of(("source", e.Key)), e.Value)));
}
