using System.Text.Json.Nodes;

namespace KernelTruth.Kube.TestServer;

/// <summary>An answer other than 2xx, turned into a Status body by the request handler.</summary>
internal sealed class ApiError(int code, string reason, string message) : Exception(message)
{
    public int Code { get; } = code;
    public string Reason { get; } = reason;
    public string? Name { get; init; }
    public string? Group { get; init; }
    public string? Kind { get; init; }

    public static ApiError NotFound(ResourceRef r, string name) =>
        new(404, "NotFound", $"{r.Resource.GroupResource} \"{name}\" not found") { Name = name, Group = r.Resource.Group, Kind = r.Resource.Plural };

    public static ApiError AlreadyExists(ResourceRef r, string name) =>
        new(409, "AlreadyExists", $"{r.Resource.GroupResource} \"{name}\" already exists") { Name = name, Group = r.Resource.Group, Kind = r.Resource.Plural };

    public static ApiError Conflict(ResourceRef r, string name) =>
        new(409, "Conflict",
            $"Operation cannot be fulfilled on {r.Resource.GroupResource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again")
        { Name = name, Group = r.Resource.Group, Kind = r.Resource.Plural };

    public static ApiError BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiError Invalid(string message) => new(422, "Invalid", message);

    public static ApiError Gone(string message) => new(410, "Expired", message);

    public JsonObject ToStatus() => StatusBody.Failure(Code, Reason, Message, Name, Group, Kind);
}

internal static class StatusBody
{
    public static JsonObject Failure(int code, string reason, string message, string? name = null, string? group = null, string? kind = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = code,
        };
        if (name is not null || group is not null || kind is not null)
        {
            var details = new JsonObject();
            if (name is not null) details["name"] = name;
            if (group is not null) details["group"] = group;
            if (kind is not null) details["kind"] = kind;
            status["details"] = details;
        }

        return status;
    }
}
