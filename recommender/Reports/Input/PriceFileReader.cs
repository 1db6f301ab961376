using System.Globalization;
using KernelTruth.Reports.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KernelTruth.Reports.Input;

/// <summary>
/// Reads a price file (YAML), every key optional:
/// <code>
/// hoursPerMonth: 730
/// poolLabel: ktruth.io/node-pool      # the WorkloadProfile label naming a workload's pool
/// default: { cpuHour: 0.031611, gibHour: 0.004237 }
/// pools:
///   spot:      { cpuHour: 0.0095, gibHour: 0.0013 }
///   memory-hi: { cpuHour: 0.04,   gibHour: 0.005 }
/// </code>
/// A pool missing one price takes it from <c>default</c>. Unknown keys are refused (a typo would
/// otherwise silently price at the defaults).
/// </summary>
public static class PriceFileReader
{
    /// <param name="fallback">Prices the file leaves out (the defaults, or --cpu-hour/--gib-hour).</param>
    /// <exception cref="ReportInputException">Unreadable file, not YAML, unknown key or a bad number; names the key.</exception>
    public static PriceBook Read(string path, PoolPrice fallback)
    {
        YamlMappingNode root;
        try
        {
            using var reader = new StreamReader(path);
            var yaml = new YamlStream();
            yaml.Load(reader);
            if (yaml.Documents.Count == 0)
            {
                throw new ReportInputException($"--prices {path}: the file is empty");
            }

            root = yaml.Documents[0].RootNode as YamlMappingNode ?? throw new ReportInputException($"--prices {path}: expected a mapping (hoursPerMonth, poolLabel, default, pools)");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or YamlException)
        {
            throw new ReportInputException($"--prices {path}: {ex.Message}", ex);
        }

        var book = new PriceBook { Default = fallback };
        var pools = new Dictionary<string, PoolPrice>(StringComparer.Ordinal);
        foreach (var (key, value) in Entries(root, path, ""))
        {
            switch (key)
            {
                case "hoursPerMonth":
                    book = book with { HoursPerMonth = Number(value, path, key) };
                    break;
                case "poolLabel":
                    book = book with { PoolLabel = Scalar(value, path, key) };
                    break;
                case "default":
                    book = book with { Default = Price(value, fallback, path, key) };
                    break;
                case "pools":
                    foreach (var (pool, price) in Entries(value, path, "pools."))
                    {
                        pools[pool] = Price(price, null, path, "pools." + pool);
                    }

                    break;
                default:
                    throw new ReportInputException($"--prices {path}: unknown key '{key}' (expected hoursPerMonth, poolLabel, default, pools)");
            }
        }

        // Pools left partial take the default's figure for what they omit.
        book = book with
        {
            Pools = pools.ToDictionary(
                p => p.Key,
                p => new PoolPrice(double.IsNaN(p.Value.CpuCoreHour) ? book.Default.CpuCoreHour : p.Value.CpuCoreHour, double.IsNaN(p.Value.MemoryGibHour) ? book.Default.MemoryGibHour : p.Value.MemoryGibHour),
                StringComparer.Ordinal),
        };
        IReadOnlyList<string> errors = book.Validate();
        return errors.Count == 0 ? book : throw new ReportInputException($"--prices {path}: " + string.Join("; ", errors));
    }

    private static IEnumerable<(string Key, YamlNode Value)> Entries(YamlNode node, string path, string prefix)
    {
        if (node is not YamlMappingNode map)
        {
            throw new ReportInputException($"--prices {path}: {prefix.TrimEnd('.')} must be a mapping");
        }

        foreach (var (k, v) in map.Children)
        {
            // A YAML key may itself be a list or a mapping (`? [a, b]`); names here are plain words.
            yield return k is YamlScalarNode scalar
                ? (scalar.Value ?? "", v)
                : throw new ReportInputException($"--prices {path}: a key under {(prefix.Length == 0 ? "the top level" : prefix.TrimEnd('.'))} is a {(k is YamlSequenceNode ? "list" : "mapping")}, not a name (line {k.Start.Line})");
        }
    }

    private static PoolPrice Price(YamlNode node, PoolPrice? fallback, string path, string name)
    {
        double cpu = fallback?.CpuCoreHour ?? double.NaN;
        double gib = fallback?.MemoryGibHour ?? double.NaN;
        foreach (var (key, value) in Entries(node, path, name + "."))
        {
            switch (key)
            {
                case "cpuHour":
                    cpu = Number(value, path, $"{name}.cpuHour");
                    break;
                case "gibHour":
                    gib = Number(value, path, $"{name}.gibHour");
                    break;
                default:
                    throw new ReportInputException($"--prices {path}: unknown key '{name}.{key}' (expected cpuHour, gibHour)");
            }
        }

        return new PoolPrice(cpu, gib);
    }

    private static string Scalar(YamlNode node, string path, string name) =>
        node is YamlScalarNode { Value: { Length: > 0 } s } ? s : throw new ReportInputException($"--prices {path}: {name} must be a non-empty string");

    private static double Number(YamlNode node, string path, string name)
    {
        string text = Scalar(node, path, name);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? (v >= 0 ? v : throw new ReportInputException($"--prices {path}: {name} must not be negative (was {text})"))
            : throw new ReportInputException($"--prices {path}: {name} must be a number (was '{text}')");
    }
}
