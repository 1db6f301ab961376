using System.Text.Json.Nodes;

namespace KernelTruth.Deploy.Tests.Monitoring;

/// <summary>The queries of a Grafana dashboard: every panel target's expr (rows' nested panels too) and every variable's query.</summary>
internal static class Dashboard
{
    public static JsonObject Load() => JsonNode.Parse(RenderedMonitoring.ComponentFile("dashboard.json"))!.AsObject();

    public static IEnumerable<(string Panel, string Expr)> Targets(JsonObject dashboard) =>
        from panel in Panels(dashboard["panels"]?.AsArray())
        from target in panel["targets"]?.AsArray() ?? []
        where target?["expr"] is not null
        select (panel["title"]?.GetValue<string>() ?? "", target!["expr"]!.GetValue<string>());

    public static IEnumerable<(string Variable, string Query)> VariableQueries(JsonObject dashboard) =>
        from variable in dashboard["templating"]?["list"]?.AsArray() ?? []
        where variable?["type"]?.GetValue<string>() == "query"
        let query = variable!["query"] is JsonObject q ? q["query"]!.GetValue<string>() : variable["query"]!.GetValue<string>()
        select (variable["name"]!.GetValue<string>(), query);

    private static IEnumerable<JsonObject> Panels(JsonArray? panels) =>
        (panels ?? []).OfType<JsonObject>().SelectMany(p => Panels(p["panels"]?.AsArray()).Prepend(p));
}
