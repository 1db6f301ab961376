using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using KernelTruth.Cluster.Attribution;

namespace KernelTruth.Cluster.Profiles;

/// <summary>
/// WorkloadProfile names and labels: "&lt;lowercase kind&gt;-&lt;workload&gt;-&lt;container&gt;" (e.g. "deployment-web-app"),
/// a DNS-1123 subdomain. Too long (names over 253, label values over 63) → cut and suffixed with "-" and
/// the first 10 hex digits of the full value's SHA-256, so two long names stay distinct.
/// </summary>
public static partial class ProfileNaming
{
    public const string KindLabel = "ktruth.io/workload-kind";
    public const string NameLabel = "ktruth.io/workload-name";
    public const string ContainerLabel = "ktruth.io/container";

    public static string Name(WorkloadRef workload, string container)
    {
        string raw = $"{workload.Kind}-{workload.Name}-{container}".ToLowerInvariant();
        string clean = NotDns().Replace(raw, "-").Trim('-', '.');
        return Fit(clean, 253);
    }

    public static Dictionary<string, string> Labels(WorkloadRef workload, string container) => new(StringComparer.Ordinal)
    {
        [KindLabel] = LabelValue(workload.Kind),
        [NameLabel] = LabelValue(workload.Name),
        [ContainerLabel] = LabelValue(container),
    };

    /// <summary>A valid label value: at most 63 characters, alphanumeric at both ends.</summary>
    public static string LabelValue(string value)
    {
        string clean = NotLabel().Replace(value, "-").Trim('-', '.', '_');
        return Fit(clean, 63);
    }

    /// <summary><paramref name="value"/> when it fits in <paramref name="max"/> characters, else cut and suffixed with "-" and a hash.</summary>
    internal static string Fit(string value, int max)
    {
        if (value.Length <= max)
        {
            return value;
        }

        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..10];
        return value[..(max - 11)].TrimEnd('-', '.', '_') + "-" + hash;
    }

    [GeneratedRegex("[^a-z0-9.-]")]
    private static partial Regex NotDns();

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex NotLabel();
}
