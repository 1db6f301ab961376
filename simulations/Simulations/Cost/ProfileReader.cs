using KernelTruth.Contracts.Units;
using System.Globalization;
using System.Text.Json;

namespace KernelTruth.Simulations.Cost;

/// <summary>
/// Reads workloads' requests, current and recommended, from WorkloadProfiles as
/// <c>kubectl get ktp -A -o json</c> prints them (a List, or a single object), or from a CSV:
/// <c>name,cpuRequest,memoryRequest,pods[,recommendedCpuRequest,recommendedMemoryRequest]</c>
/// with Kubernetes quantities ("500m", "256Mi") and a header line.
/// </summary>
public static class ProfileReader
{
    /// <summary>Both request sets; a workload without a recommendation keeps its current requests in the recommended set.</summary>
    public sealed record Sets(IReadOnlyList<WorkloadRequests> Current, IReadOnlyList<WorkloadRequests> Recommended, IReadOnlyList<string> Warnings);

    public static Sets Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.TrimStart().StartsWith('{') ? FromJson(text) : FromCsv(text);
    }

    private static Sets FromJson(string text)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"profiles are not valid JSON: {ex.Message}", ex);
        }

        using (doc)
        {
            var root = doc.RootElement;
            var items = root.TryGetProperty("items", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().ToList() : [root];
            var current = new List<WorkloadRequests>();
            var recommended = new List<WorkloadRequests>();
            var warnings = new List<string>();
            for (int i = 0; i < items.Count; i++)
            {
                var item = items[i];
                string name = $"{Str(item, "metadata", "namespace") ?? "?"}/{Str(item, "metadata", "name") ?? $"items[{i}]"}";
                int pods = item.TryGetProperty("status", out var st) && st.TryGetProperty("pods", out var p) && p.TryGetInt32(out int n) && n > 0 ? n : 1;
                string? cpu = Str(item, "status", "current", "cpuRequest");
                string? mem = Str(item, "status", "current", "memoryRequest");
                if (cpu is null || mem is null)
                {
                    warnings.Add($"{name}: status.current.cpuRequest or memoryRequest is not set; left out");
                    continue;
                }

                var now = Requests(name, cpu, mem, pods, $"items[{i}].status.current");
                current.Add(now);
                string? rcpu = Str(item, "status", "recommendation", "cpuRequest") ?? cpu;
                string? rmem = Str(item, "status", "recommendation", "memoryRequest") ?? mem;
                recommended.Add(Requests(name, rcpu, rmem, pods, $"items[{i}].status.recommendation"));
            }

            return new Sets(current, recommended, warnings);
        }
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
        if (!Quantity.TryParseNonNegative(cpu, out double cores) || cores < 0)
        {
            throw new FormatException($"{at}: cpuRequest '{cpu}' of {name} is not a CPU quantity such as 500m");
        }

        if (!Quantity.TryParseNonNegative(memory, out double bytes))
        {
            throw new FormatException($"{at}: memoryRequest '{memory}' of {name} is not a memory quantity such as 256Mi");
        }

        return new WorkloadRequests(name, cores, bytes, pods);
    }

    private static string? Str(JsonElement e, params string[] path)
    {
        foreach (string p in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(p, out e))
            {
                return null;
            }
        }

        return e.ValueKind == JsonValueKind.String ? e.GetString() : null;
    }
}
