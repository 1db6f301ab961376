using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KernelTruth.Cluster.Tests.Schema;

/// <summary>
/// Validates JSON against a CRD's openAPIV3Schema, the structural-schema subset the API server enforces:
/// type, properties, required, enum, items, additionalProperties, anyOf, x-kubernetes-int-or-string,
/// x-kubernetes-preserve-unknown-fields, pattern, minimum/maximum, format date-time. Stricter than the
/// server in one way on purpose: a field the schema does not declare is an error (the server would prune it
/// silently, and a field we write that vanishes is a bug). An object schema without properties (metadata)
/// accepts anything.
/// </summary>
internal sealed class StructuralSchema(JsonObject root)
{
    /// <summary>The openAPIV3Schema of <paramref name="version"/> of the CRD named <paramref name="crdName"/> in a YAML file.</summary>
    public static StructuralSchema FromCrdFile(string path, string crdName, string version)
    {
        foreach (var doc in YamlToJson.Documents(File.ReadAllText(path)))
        {
            if (doc?["kind"]?.GetValue<string>() == "CustomResourceDefinition" && doc["metadata"]?["name"]?.GetValue<string>() == crdName)
            {
                var v = doc["spec"]!["versions"]!.AsArray().FirstOrDefault(x => x!["name"]!.GetValue<string>() == version)
                    ?? throw new InvalidDataException($"{crdName} has no version {version}");
                return new StructuralSchema(v["schema"]!["openAPIV3Schema"]!.AsObject());
            }
        }

        throw new InvalidDataException($"{path} has no CRD {crdName}");
    }

    public IReadOnlyList<string> Validate(JsonNode? value)
    {
        var errors = new List<string>();
        Check(root, value, "", errors);
        return errors;
    }

    private static void Check(JsonObject schema, JsonNode? value, string path, List<string> errors)
    {
        string at = path.Length == 0 ? "(root)" : path;
        if (value is null)
        {
            if (schema["nullable"]?.GetValue<bool>() != true)
            {
                errors.Add($"{at}: null is not allowed");
            }

            return;
        }

        if (schema["anyOf"] is JsonArray anyOf && schema["x-kubernetes-int-or-string"] is null)
        {
            if (!anyOf.Any(s => { var e = new List<string>(); Check(s!.AsObject(), value, path, e); return e.Count == 0; }))
            {
                errors.Add($"{at}: matches none of anyOf");
            }
        }

        if (schema["x-kubernetes-int-or-string"]?.GetValue<bool>() == true)
        {
            var kind = value.GetValueKind();
            if (kind == JsonValueKind.Number ? !IsInteger(value) : kind != JsonValueKind.String)
            {
                errors.Add($"{at}: must be an integer or a string (was {kind})");
                return;
            }

            if (kind == JsonValueKind.String)
            {
                CheckString(schema, value.GetValue<string>(), at, errors);
            }

            return;
        }

        switch (schema["type"]?.GetValue<string>())
        {
            case "object":
                CheckObject(schema, value, path, at, errors);
                break;
            case "array":
                if (value is not JsonArray array)
                {
                    errors.Add($"{at}: must be an array");
                    break;
                }

                for (int i = 0; i < array.Count; i++)
                {
                    if (schema["items"] is JsonObject items)
                    {
                        Check(items, array[i], $"{path}[{i}]", errors);
                    }
                }

                break;
            case "string":
                if (value.GetValueKind() != JsonValueKind.String)
                {
                    errors.Add($"{at}: must be a string (was {value.GetValueKind()})");
                    break;
                }

                CheckString(schema, value.GetValue<string>(), at, errors);
                break;
            case "integer":
                if (value.GetValueKind() != JsonValueKind.Number || !IsInteger(value))
                {
                    errors.Add($"{at}: must be an integer (was {value.ToJsonString()})");
                    break;
                }

                CheckRange(schema, Number(value), at, errors);
                break;
            case "number":
                if (value.GetValueKind() != JsonValueKind.Number)
                {
                    errors.Add($"{at}: must be a number (was {value.GetValueKind()})");
                    break;
                }

                CheckRange(schema, Number(value), at, errors);
                break;
            case "boolean":
                if (value.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add($"{at}: must be a boolean");
                }

                break;
            case null:
                break;
            case var other:
                errors.Add($"{at}: schema type '{other}' is not supported by this validator");
                break;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            errors.Add($"{at}: {value.ToJsonString()} is not one of {allowed.ToJsonString()}");
        }
    }

    private static void CheckObject(JsonObject schema, JsonNode value, string path, string at, List<string> errors)
    {
        if (value is not JsonObject obj)
        {
            errors.Add($"{at}: must be an object");
            return;
        }

        foreach (var name in (schema["required"] as JsonArray)?.Select(r => r!.GetValue<string>()) ?? [])
        {
            if (!obj.ContainsKey(name))
            {
                errors.Add($"{at}: required field '{name}' is missing");
            }
        }

        var properties = schema["properties"] as JsonObject;
        bool preserve = schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
        foreach (var (name, child) in obj)
        {
            string childPath = path.Length == 0 ? name : $"{path}.{name}";
            if (properties?[name] is JsonObject childSchema)
            {
                Check(childSchema, child, childPath, errors);
            }
            else if (schema["additionalProperties"] is JsonObject additional)
            {
                Check(additional, child, childPath, errors);
            }
            else if (properties is not null && !preserve)
            {
                errors.Add($"{childPath}: field not declared in the schema (the API server would drop it)");
            }
        }
    }

    private static void CheckString(JsonObject schema, string text, string at, List<string> errors)
    {
        if (schema["pattern"]?.GetValue<string>() is { } pattern && !Regex.IsMatch(text, pattern))
        {
            errors.Add($"{at}: '{text}' does not match {pattern}");
        }

        if (schema["format"]?.GetValue<string>() == "date-time" && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            errors.Add($"{at}: '{text}' is not an RFC 3339 date-time");
        }
    }

    private static void CheckRange(JsonObject schema, double number, string at, List<string> errors)
    {
        if (schema["minimum"] is JsonNode min && number < Number(min))
        {
            errors.Add($"{at}: {number} is below the minimum {min}");
        }

        if (schema["maximum"] is JsonNode max && number > Number(max))
        {
            errors.Add($"{at}: {number} is above the maximum {max}");
        }
    }

    private static bool IsInteger(JsonNode value) => value.GetValueKind() == JsonValueKind.Number && double.IsInteger(Number(value));

    private static double Number(JsonNode node) => double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);
}
