using System.Text.Json;
using KernelTruth.Reports.Model;

namespace KernelTruth.Reports.Input;

/// <summary>
/// Reads WorkloadProfiles (ktruth.io/v1alpha1, DESIGN.md §3.4) as <c>kubectl get ktp -A -o json</c>
/// prints them: a List with <c>items</c>; a bare array or a single profile is accepted too. A profile
/// with no recommendation yet is left out with a note; a field of the wrong type or out of range
/// fails the whole read, naming the item and the field, so that nothing is silently mispriced.
/// </summary>
public static class ProfileReader
{
    public const string ApiVersion = "ktruth.io/v1alpha1";
    public const string Kind = "WorkloadProfile";

    /// <exception cref="ReportInputException">Not JSON, not profiles, or a field is wrong.</exception>
    public static (IReadOnlyList<WorkloadFacts> Workloads, IReadOnlyList<string> Notes) Read(Stream json, string sourceName)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw new ReportInputException($"{sourceName}: not valid JSON ({ex.Message})", ex);
        }

        using (doc)
        {
            var workloads = new List<WorkloadFacts>();
            var notes = new List<string>();
            int index = 0;
            foreach (JsonElement item in Items(doc.RootElement, sourceName))
            {
                if (Parse(item, $"{sourceName}: item {index}", out string? note) is WorkloadFacts facts)
                {
                    workloads.Add(facts);
                }
                else if (note is not null)
                {
                    notes.Add(note);
                }

                index++;
            }

            return (workloads, notes);
        }
    }

    private static IEnumerable<JsonElement> Items(JsonElement root, string sourceName)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return root.EnumerateArray();
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ReportInputException($"{sourceName}: expected a List of WorkloadProfiles (kubectl get ktp -A -o json), an array or one profile, found a JSON {root.ValueKind.ToString().ToLowerInvariant()}");
        }

        if (root.TryGetProperty("items", out JsonElement items))
        {
            return items.ValueKind == JsonValueKind.Array ? items.EnumerateArray() : throw new ReportInputException($"{sourceName}: items must be a list");
        }

        return [root];
    }

    private static WorkloadFacts? Parse(JsonElement item, string where, out string? note)
    {
        note = null;
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new ReportInputException($"{where}: must be an object");
        }

        var top = new JsonFields(item, where, "");
        string? kind = top.String("kind");
        if (kind is not null && kind != Kind)
        {
            throw top.Error("kind", $"must be {Kind} (was {kind})");
        }

        string? apiVersion = top.String("apiVersion");
        if (apiVersion is not null && apiVersion != ApiVersion)
        {
            throw top.Error("apiVersion", $"must be {ApiVersion} (was {apiVersion})");
        }

        var metadata = top.Object("metadata");
        string name = metadata.String("name") ?? throw top.Error("metadata.name", "is required");
        string ns = metadata.String("namespace") ?? throw top.Error("metadata.namespace", "is required");
        where = $"{where} ({ns}/{name})";
        var spec = new JsonFields(item, where, "").Object("spec");
        var target = spec.Object("targetRef");
        var status = new JsonFields(item, where, "").Object("status");
        var recommendation = status.Object("recommendation");
        if (!recommendation.Exists)
        {
            note = $"{ns}/{name} left out: no recommendation in its status yet";
            return null;
        }

        var measured = status.Object("measured");
        var demand = measured.Object("demandCores");
        var predicted = status.Object("predicted");
        return new WorkloadFacts
        {
            Namespace = ns,
            Kind = target.String("kind") ?? "",
            Name = target.String("name") ?? name,
            Container = spec.String("containerName") ?? "",
            Labels = metadata.StringMap("labels"),
            Pods = (int)(status.Number("pods", 0, int.MaxValue) ?? 1),
            WindowSeconds = status.Number("windowSeconds"),
            UsageAverageCores = measured.Number("usageAverageCores"),
            DemandP50Cores = demand.Number("p50"),
            DemandP95Cores = demand.Number("p95"),
            DemandP99Cores = demand.Number("p99"),
            ThrottledPeriodsRatio = measured.Number("throttledPeriodsRatio", 0, 1),
            ThrottleWaitP99Seconds = measured.Object("throttleWaitSeconds").Number("p99"),
            ContentionWaitP99Seconds = measured.Object("contentionWaitSeconds").Number("p99"),
            OomKills = (long?)measured.Number("oomKills", 0, long.MaxValue),
            MemoryPeakBytes = (long?)measured.Number("memoryPeakBytes", 0, long.MaxValue),
            Current = Amounts(status.Object("current")),
            Recommended = Amounts(recommendation),
            Baseline = Amounts(status.Object("baseline")),
            Confidence = recommendation.Number("confidence", 0, 1),
            Evidence = recommendation.Strings("evidence"),
            StatedPrediction = predicted.Exists
                ? new ThrottleOutlook(
                    predicted.Quantity("cpuLimit"),
                    predicted.Number("throttledPeriodsRatio", 0, 1) ?? throw predicted.Error("throttledPeriodsRatio", "is required"),
                    predicted.Number("throttleWaitP99Seconds") ?? 0,
                    predicted.Bool("extrapolated") ?? false)
                : null,
        };
    }

    private static ResourceAmounts Amounts(JsonFields f) => f.Exists
        ? new ResourceAmounts(f.Quantity("cpuRequest"), f.Quantity("cpuLimit"), f.Bytes("memoryRequest"), f.Bytes("memoryLimit"))
        : ResourceAmounts.None;
}
