using System.Text.Json.Nodes;

namespace KernelTruth.Kube.Client;

public enum KubePatchType
{
    /// <summary>RFC 7386 JSON merge patch (application/merge-patch+json).</summary>
    Merge,

    /// <summary>RFC 6902 JSON patch (application/json-patch+json): a list of operations.</summary>
    Json,
}

/// <summary>A patch body and its kind.</summary>
public sealed record KubePatch(KubePatchType Type, JsonNode Body)
{
    public static KubePatch Merge(JsonObject body) => new(KubePatchType.Merge, body);

    public static KubePatch Json(JsonArray operations) => new(KubePatchType.Json, operations);

    internal string ContentType => Type == KubePatchType.Merge ? "application/merge-patch+json" : "application/json-patch+json";

    /// <summary>A merge patch gives the same result however often it is applied; a JSON patch ("add" to a list) may not.</summary>
    internal bool IsIdempotent => Type == KubePatchType.Merge;
}
