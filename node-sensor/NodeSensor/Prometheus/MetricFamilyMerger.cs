namespace KernelTruth.NodeSensor.Prometheus;

/// <summary>Puts the families of all sources into one reproducible, clash-free order.</summary>
internal static class MetricFamilyMerger
{
    /// <summary>
    /// Sorts by family name (ordinal; series are already sorted inside each family). Two
    /// families exposing the same series name — including a histogram's _bucket/_sum/_count —
    /// would make the exposition invalid and can only come from code, so that throws.
    /// </summary>
    public static IReadOnlyList<MetricFamily> SortAndValidate(IEnumerable<(string Source, MetricFamily Family)> families)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        var all = new List<MetricFamily>();
        foreach (var (source, family) in families)
        {
            foreach (var name in family.ExposedNames())
            {
                if (!owners.TryAdd(name, source))
                {
                    throw new InvalidOperationException(
                        $"Metric name '{name}' is exposed twice (by '{owners[name]}' and by '{source}'); every metric family needs a unique name.");
                }
            }

            all.Add(family);
        }

        all.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return all;
    }
}
