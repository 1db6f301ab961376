using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace KernelTruth.Kube.TestServer;

/// <summary>
/// Every request: authenticate (bearer token or client certificate), then injected faults, then
/// authorize (when the test set a rule), then the verb. Each request is recorded with the RBAC
/// verb it maps to and the status it got (User "" when authentication failed).
/// </summary>
internal sealed class ApiRequestHandler(KubeTestServer server)
{
    /// <summary>Recorded as the user of requests that failed authentication.</summary>
    private static readonly TestUser Anonymous = new("", []);

    public async Task HandleAsync(HttpContext context)
    {
        var target = ApiPath.Parse(context.Request.Path.Value ?? "", server.ResourcesByPath);
        var verb = target is null ? context.Request.Method.ToLowerInvariant() : Verb(context.Request, target);
        var user = Authenticate(context);
        if (user is null)
        {
            Record(target, verb, Anonymous, 401, faulted: false);
            await WriteAsync(context, 401, StatusBody.Failure(401, "Unauthorized", "Unauthorized")).ConfigureAwait(false);
            return;
        }

        if (server.Faults.Delay() is { Ticks: > 0 } delay)
        {
            // A slow API server: the answer comes, late (a client with a shorter timeout gives up first).
            await Task.Delay(delay, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }

        if (server.Faults.Next() is { } fault)
        {
            if (fault.RetryAfter is { } after)
            {
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            var reason = fault.Code == 429 ? "TooManyRequests" : "InternalError";
            Record(target, verb, user, fault.Code, faulted: true);
            await WriteAsync(context, fault.Code, StatusBody.Failure(fault.Code, reason, "injected fault")).ConfigureAwait(false);
            return;
        }

        if (target is null)
        {
            Record(null, verb, user, 404, faulted: false);
            await WriteAsync(context, 404, StatusBody.Failure(404, "NotFound", $"the server could not find the requested resource ({context.Request.Path})"))
                .ConfigureAwait(false);
            return;
        }

        var code = 200;
        try
        {
            if (server.Authorize is { } authorize
                && !authorize(new RecordedRequest(verb, target.Resource.Group, target.Resource.Version, target.Resource.Plural,
                    target.Subresource, target.Namespace, target.Name, user.Name, 0, false)))
            {
                throw new ApiError(403, "Forbidden",
                    $"{target.Resource.GroupResource} is forbidden: User \"{user.Name}\" cannot {verb} resource \"{target.Resource.Plural}\"");
            }

            code = await new ApiVerbs(server, context, target, user).RunAsync(verb).ConfigureAwait(false);
        }
        catch (ApiError e)
        {
            code = e.Code;
            if (!context.Response.HasStarted)
            {
                await WriteAsync(context, e.Code, e.ToStatus()).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException && !context.Response.HasStarted)
        {
            // A field of the wrong JSON type ("kind": 3, "name": {}): the client's mistake, not ours.
            code = 400;
            await WriteAsync(context, 400, StatusBody.Failure(400, "BadRequest", $"the body does not decode: {e.Message}")).ConfigureAwait(false);
        }
        finally
        {
            Record(target, verb, user, code, faulted: false);
        }
    }

    public static async Task WriteAsync(HttpContext context, int code, JsonNode body)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }

    private TestUser? Authenticate(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return server.UserForToken(header["Bearer ".Length..].Trim());
        }

        if (context.Connection.ClientCertificate is { } certificate && server.Certificates.IsOurClientCertificate(certificate))
        {
            var name = certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false);
            var groups = certificate.SubjectName.EnumerateRelativeDistinguishedNames()
                .Where(n => n.GetSingleElementType().Value == "2.5.4.10") // O = organization = group
                .Select(n => n.GetSingleElementValue() ?? "")
                .ToList();
            return new TestUser(name, groups);
        }

        return null;
    }

    private static string Verb(HttpRequest request, ResourceRef target) => request.Method switch
    {
        "GET" when target.Name is not null => "get",
        "GET" when request.Query["watch"] is var w && (w == "true" || w == "1") => "watch",
        "GET" => "list",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" => "delete",
        _ => request.Method.ToLowerInvariant(),
    };

    private void Record(ResourceRef? target, string verb, TestUser user, int code, bool faulted) =>
        server.RecordRequest(new RecordedRequest(
            verb,
            target?.Resource.Group ?? "",
            target?.Resource.Version ?? "",
            target?.Resource.Plural ?? "",
            target?.Subresource,
            target?.Namespace,
            target?.Name,
            user.Name,
            code,
            faulted));
}
