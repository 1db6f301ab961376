using System.Globalization;
using System.Text;
using Prometheus;

namespace KernelTruth.NodeSensor.Tests.Prometheus;

/// <summary>The value of an unlabelled series, read from the registry's text exposition as a scrape would see it.</summary>
internal static class RegistryValue
{
    public static double Of(CollectorRegistry registry, string name)
    {
        using var stream = new MemoryStream();
        registry.CollectAndExportAsTextAsync(stream).GetAwaiter().GetResult();
        string line = Encoding.UTF8.GetString(stream.ToArray()).Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
