using System.Text.Json.Serialization;

namespace KernelTruth.Reports.Render;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(JsonReportDocument))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
