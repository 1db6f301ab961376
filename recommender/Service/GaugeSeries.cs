using Prometheus;

namespace KernelTruth.Service;

/// <summary>A labelled gauge made to show exactly a set of series: what it had and the set has not is removed.</summary>
internal static class GaugeSeries
{
    public static void SetExactly(Gauge gauge, IReadOnlyCollection<(string[] Labels, double Value)> series)
    {
        // Label values are names and numbers, never NUL: it separates them unambiguously.
        var keep = series.Select(s => string.Join('\0', s.Labels)).ToHashSet(StringComparer.Ordinal);
        foreach (string[] old in gauge.GetAllLabelValues().ToList())
        {
            if (!keep.Contains(string.Join('\0', old)))
            {
                gauge.RemoveLabelled(old);
            }
        }

        foreach (var (labels, value) in series)
        {
            gauge.WithLabels(labels).Set(value);
        }
    }
}
