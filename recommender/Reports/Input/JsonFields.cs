using System.Text.Json;

namespace KernelTruth.Reports.Input;

/// <summary>
/// Reads optional fields of one JSON object, each error naming where it is
/// ("item 3 (shop/deployment-web-app): status.measured.oomKills must be a number").
/// </summary>
internal readonly struct JsonFields(JsonElement element, string where, string path)
{
    public JsonFields Object(string name)
    {
        return TryGet(name, out JsonElement value) && value.ValueKind == JsonValueKind.Object
            ? new JsonFields(value, where, Path(name))
            : TryGet(name, out _) ? throw Error(name, "must be an object") : new JsonFields(default, where, Path(name));
    }

    public bool Exists => element.ValueKind == JsonValueKind.Object;

    public string? String(string name)
    {
        if (!TryGet(name, out JsonElement value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Error(name, "must be a string");
    }

    public double? Number(string name, double min = 0, double max = double.MaxValue)
    {
        if (!TryGet(name, out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double number) || !double.IsFinite(number))
        {
            throw Error(name, "must be a number");
        }

        return number >= min && number <= max ? number : throw Error(name, $"must be in [{min}, {max}] (was {number})");
    }

    public bool? Bool(string name) =>
        !TryGet(name, out JsonElement value) ? null
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
        : throw Error(name, "must be true or false");

    /// <summary>A Kubernetes quantity string ("450m", "300Mi"); a bare number is accepted too.</summary>
    public double? Quantity(string name)
    {
        if (!TryGet(name, out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double n) && n >= 0)
        {
            return n;
        }

        return value.ValueKind == JsonValueKind.String && Contracts.Units.Quantity.TryParseNonNegative(value.GetString(), out double q)
            ? q
            : throw Error(name, $"must be a Kubernetes quantity such as \"450m\" or \"300Mi\" (was {value.GetRawText()})");
    }

    public long? Bytes(string name) => Quantity(name) is double q ? (long)Math.Round(q) : null;

    public IReadOnlyList<string> Strings(string name)
    {
        if (!TryGet(name, out JsonElement value))
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Error(name, "must be a list of strings");
        }

        var list = new List<string>();
        foreach (JsonElement item in value.EnumerateArray())
        {
            list.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Error(name, "must be a list of strings"));
        }

        return list;
    }

    public IReadOnlyDictionary<string, string> StringMap(string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!TryGet(name, out JsonElement value))
        {
            return map;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Error(name, "must be an object of strings");
        }

        foreach (JsonProperty p in value.EnumerateObject())
        {
            map[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw Error($"{name}.{p.Name}", "must be a string");
        }

        return map;
    }

    public ReportInputException Error(string name, string problem) => new($"{where}: {Path(name)} {problem}");

    private bool TryGet(string name, out JsonElement value)
    {
        value = default;
        return element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
    }

    private string Path(string name) => path.Length == 0 ? name : $"{path}.{name}";
}
