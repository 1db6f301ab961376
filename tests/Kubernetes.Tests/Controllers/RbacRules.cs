using System.Text.Json.Nodes;
using KernelTruth.Kubernetes.Tests.Schema;

namespace KernelTruth.Kubernetes.Tests.Controllers;

/// <summary>(apiGroup, resource[/subresource], verb) triples a set of RBAC Role/ClusterRole documents allows.</summary>
internal sealed class RbacRules
{
    private readonly HashSet<(string Group, string Resource, string Verb)> _allowed = [];

    public static RbacRules FromFiles(params string[] paths)
    {
        var rules = new RbacRules();
        foreach (var path in paths)
        {
            foreach (var doc in YamlToJson.Documents(File.ReadAllText(path)))
            {
                if (doc?["kind"]?.GetValue<string>() is not ("ClusterRole" or "Role"))
                {
                    continue;
                }

                foreach (var rule in doc["rules"]?.AsArray() ?? [])
                {
                    foreach (var g in Strings(rule!["apiGroups"]))
                    {
                        foreach (var r in Strings(rule["resources"]))
                        {
                            foreach (var v in Strings(rule["verbs"]))
                            {
                                rules._allowed.Add((g, r, v));
                            }
                        }
                    }
                }
            }
        }

        return rules;
    }

    public bool Allows(string group, string resource, string verb) =>
        _allowed.Contains((group, resource, verb)) || _allowed.Contains((group, resource, "*")) || _allowed.Contains(("*", "*", "*"));

    public IReadOnlyCollection<(string Group, string Resource, string Verb)> All => _allowed;

    private static IEnumerable<string> Strings(JsonNode? node) => node?.AsArray().Select(n => n?.GetValue<string>() ?? "") ?? [];
}
