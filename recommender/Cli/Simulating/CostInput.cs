using System.Globalization;
using KernelTruth.Contracts.Units;
using KernelTruth.Kubernetes.Resources;
using KernelTruth.Simulations.Cost;

namespace KernelTruth.Cli.Simulating;

/// <summary>
/// What `ktruth simulate cost` prices: each workload's requests now and recommended, as the cost engine's plain
/// <see cref="WorkloadRequests"/>, read from WorkloadProfiles (<c>kubectl get ktp -A -o json</c>, through the one
/// typed <see cref="WorkloadProfile"/>) or from a CSV <c>name,cpuRequest,memoryRequest,pods[,recommendedCpuRequest,recommendedMemoryRequest]</c>
/// with Kubernetes quantities ("500m", "256Mi") and a header line.
/// </summary>
internal static class CostInput
{
    /// <summary>Both request sets; a workload without a recommendation keeps its current requests in the recommended set.</summary>
    public sealed record Sets(IReadOnlyList<WorkloadRequests> Current, IReadOnlyList<WorkloadRequests> Recommended, IReadOnlyList<string> Warnings);

    /// <exception cref="FormatException">Not profiles nor the CSV, or a field is wrong; the message names it.</exception>
    public static Sets Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.TrimStart() is ['{' or '[', ..] ? FromProfiles(text) : FromCsv(text);
    }

    private static Sets FromProfiles(string text)
    {
        IReadOnlyList<WorkloadProfile> profiles;
        try
        {
            profiles = WorkloadProfileReader.Read(text);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"profiles: {ex.Message}", ex);
        }

        var current = new List<WorkloadRequests>();
        var recommended = new List<WorkloadRequests>();
        var warnings = new List<string>();
        for (int i = 0; i < profiles.Count; i++)
        {
            var profile = profiles[i];
            var status = profile.Status;
            string name = $"{profile.Metadata.NamespaceProperty}/{profile.Metadata.Name}";
            int pods = status?.Pods > 0 ? status.Pods : 1;
            if (status?.Current is not { CpuRequest: { } cpu, MemoryRequest: { } memory })
            {
                warnings.Add($"{name}: status.current.cpuRequest or memoryRequest is not set; left out");
                continue;
            }

            current.Add(Requests(name, cpu, memory, pods, $"items[{i}].status.current"));
            var recommendation = status.Recommendation;
            recommended.Add(Requests(name, recommendation?.CpuRequest ?? cpu, recommendation?.MemoryRequest ?? memory, pods, $"items[{i}].status.recommendation"));
        }

        return new Sets(current, recommended, warnings);
    }

    private static Sets FromCsv(string text)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        if (lines.Count == 0 || !lines[0].StartsWith("name,", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException("profiles CSV must start with the header name,cpuRequest,memoryRequest,pods[,recommendedCpuRequest,recommendedMemoryRequest]");
        }

        var current = new List<WorkloadRequests>();
        var recommended = new List<WorkloadRequests>();
        for (int i = 1; i < lines.Count; i++)
        {
            string[] f = lines[i].Split(',');
            if (f.Length is not (4 or 6))
            {
                throw new FormatException($"profiles line {i + 1}: {f.Length} fields; expected 4 or 6");
            }

            if (!int.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out int pods) || pods < 1)
            {
                throw new FormatException($"profiles line {i + 1}: pods '{f[3]}' is not a whole number ≥ 1");
            }

            current.Add(Requests(f[0], f[1], f[2], pods, $"line {i + 1}"));
            recommended.Add(f.Length == 6 ? Requests(f[0], f[4], f[5], pods, $"line {i + 1} (recommended)") : current[^1]);
        }

        return new Sets(current, recommended, []);
    }

    private static WorkloadRequests Requests(string name, string cpu, string memory, int pods, string at)
    {
        if (!Quantity.TryParseNonNegative(cpu, out double cores))
        {
            throw new FormatException($"{at}: cpuRequest '{cpu}' of {name} is not a CPU quantity such as 500m");
        }

        if (!Quantity.TryParseNonNegative(memory, out double bytes))
        {
            throw new FormatException($"{at}: memoryRequest '{memory}' of {name} is not a memory quantity such as 256Mi");
        }

        return new WorkloadRequests(name, cores, bytes, pods);
    }
}
