using System.Diagnostics;
using System.Text.Json.Nodes;
using KernelTruth.Cluster.Tests.Schema;

namespace KernelTruth.Cluster.Tests.Controllers;

/// <summary>
/// The (apiGroup, resource[/subresource], verb) triples that `kubectl kustomize deploy/` grants the recommender's
/// ServiceAccount: the rules of every Role/ClusterRole a binding gives it, rendered ones read from the output,
/// the two built-in ones it binds by their fixed Kubernetes definitions.
/// </summary>
internal static class RenderedRbac
{
    public const string Namespace = "kernel-truth";
    public const string Account = "ktruth-recommender";

    /// <summary>Kubernetes' bootstrap roles: they exist in every cluster and cannot be trimmed by us.</summary>
    public static readonly IReadOnlyDictionary<string, (string Group, string Resource, string Verb)[]> BuiltIn = new Dictionary<string, (string, string, string)[]>
    {
        ["ClusterRole/system:auth-delegator"] = [("authentication.k8s.io", "tokenreviews", "create"), ("authorization.k8s.io", "subjectaccessreviews", "create")],
        ["Role/extension-apiserver-authentication-reader"] = [("", "configmaps", "get"), ("", "configmaps", "list"), ("", "configmaps", "watch")],
    };

    /// <summary>Role "Kind/name" → its triples, for every role bound to the account.</summary>
    public static Dictionary<string, HashSet<(string Group, string Resource, string Verb)>> GrantedByRole()
    {
        var docs = YamlToJson.Documents(Kustomize()).OfType<JsonObject>().ToList();
        var result = new Dictionary<string, HashSet<(string, string, string)>>(StringComparer.Ordinal);
        foreach (var binding in docs.Where(d => Kind(d) is "RoleBinding" or "ClusterRoleBinding" && BindsAccount(d)))
        {
            string roleKind = binding["roleRef"]!["kind"]!.GetValue<string>(), roleName = binding["roleRef"]!["name"]!.GetValue<string>();
            string id = $"{roleKind}/{roleName}";
            var role = docs.FirstOrDefault(d => Kind(d) == roleKind && d["metadata"]?["name"]?.GetValue<string>() == roleName);
            var triples = role is not null ? Triples(role)
                : BuiltIn.TryGetValue(id, out var builtIn) ? builtIn.ToHashSet()
                : throw new InvalidOperationException($"binding to {id}: neither rendered nor a known built-in role");
            result[id] = triples;
        }

        return result;
    }

    private static string? Kind(JsonObject doc) => doc["kind"]?.GetValue<string>();

    private static bool BindsAccount(JsonObject binding) =>
        binding["subjects"]?.AsArray().Any(s => s?["kind"]?.GetValue<string>() == "ServiceAccount"
            && s["name"]?.GetValue<string>() == Account && s["namespace"]?.GetValue<string>() == Namespace) == true;

    private static HashSet<(string, string, string)> Triples(JsonObject role) =>
        (from rule in role["rules"]?.AsArray() ?? []
         from g in Strings(rule!["apiGroups"])
         from r in Strings(rule["resources"])
         from v in Strings(rule["verbs"])
         select (g, r, v)).ToHashSet();

    private static IEnumerable<string> Strings(JsonNode? node) => node?.AsArray().Select(n => n?.GetValue<string>() ?? "") ?? [];

    /// <summary>Runs `kubectl kustomize deploy/`; fails (never skips) when kubectl is missing.</summary>
    private static string Kustomize()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Recommender.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Recommender.sln not found above " + AppContext.BaseDirectory);
        }

        var start = new ProcessStartInfo("kubectl", ["kustomize", Path.Combine(root, "deploy")]) { RedirectStandardOutput = true, RedirectStandardError = true };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("kubectl is required to render deploy/ (apt-get install kubectl, or deploy/host/setup.sh): " + ex.Message, ex);
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : throw new InvalidOperationException($"kubectl kustomize deploy/ failed: {stderr.Result}");
        }
    }
}
