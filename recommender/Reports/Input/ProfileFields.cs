using KernelTruth.Reports.Model;

namespace KernelTruth.Reports.Input;

/// <summary>
/// Range and quantity checks on one profile's fields, each error naming where it is:
/// "--from f: item 3 (shop/deployment-web-app): status.measured.throttledPeriodsRatio must be in [0, 1] (was 1.5)".
/// </summary>
internal readonly struct ProfileFields(string where)
{
    public double Ratio(double value, string field) =>
        value is >= 0 and <= 1 ? value : throw Error(field, $"must be in [0, 1] (was {value})");

    public double NonNegative(double value, string field) =>
        value >= 0 && double.IsFinite(value) ? value : throw Error(field, $"must be a number ≥ 0 (was {value})");

    /// <summary>A Kubernetes quantity ("450m", "300Mi") as cores or bytes; null when not set.</summary>
    public double? Quantity(string? text, string field) =>
        text is null ? null
        : Contracts.Units.Quantity.TryParseNonNegative(text, out double value) ? value
        : throw Error(field, $"must be a Kubernetes quantity such as \"450m\" or \"300Mi\" (was \"{text}\")");

    public ResourceAmounts Amounts(string field, string? cpuRequest, string? cpuLimit, string? memoryRequest, string? memoryLimit) => new(
        Quantity(cpuRequest, field + ".cpuRequest"),
        Quantity(cpuLimit, field + ".cpuLimit"),
        Bytes(memoryRequest, field + ".memoryRequest"),
        Bytes(memoryLimit, field + ".memoryLimit"));

    private long? Bytes(string? text, string field) => Quantity(text, field) is double q ? (long)Math.Round(q) : null;

    private ReportInputException Error(string field, string problem) => new($"{where}: {field} {problem}");
}
