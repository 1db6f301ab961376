using KernelTruth.Deploy.Tests.Rendering;

namespace KernelTruth.Deploy.Tests.Sensor;

/// <summary>
/// What the rendered RBAC allows a service account, as the API server's RBAC authorizer would answer a
/// SubjectAccessReview: the rules of every role bound to it (Kubernetes' built-in system:auth-delegator by its fixed
/// definition), non-resource URLs matched exactly or by a trailing "*".
/// </summary>
internal sealed class RenderedRbacEvaluator(IReadOnlyList<KubeObject> objects)
{
    private static readonly Dictionary<string, (string Group, string Resource, string Verb)[]> BuiltIn = new(StringComparer.Ordinal)
    {
        ["ClusterRole/system:auth-delegator"] = [("authentication.k8s.io", "tokenreviews", "create"), ("authorization.k8s.io", "subjectaccessreviews", "create")],
    };

    /// <summary>May <paramref name="user"/> (system:serviceaccount:NS:NAME) use <paramref name="verb"/> on the non-resource <paramref name="path"/>?</summary>
    public bool AllowsPath(string user, string path, string verb) =>
        Rules(user).Any(r =>
            Tree.Strings(r.GetValueOrDefault("verbs")).Any(v => v == verb || v == "*")
            && Tree.Strings(r.GetValueOrDefault("nonResourceURLs")).Any(u => u == path || (u.EndsWith('*') && path.StartsWith(u[..^1], StringComparison.Ordinal))));

    /// <summary>Every (apiGroup, resource, verb) granted to the account, built-in roles included.</summary>
    public HashSet<(string Group, string Resource, string Verb)> ResourceGrants(string user)
    {
        var grants = (from r in Rules(user)
                      from g in Tree.Strings(r.GetValueOrDefault("apiGroups"))
                      from res in Tree.Strings(r.GetValueOrDefault("resources"))
                      from v in Tree.Strings(r.GetValueOrDefault("verbs"))
                      select (g, res, v)).ToHashSet();
        foreach (string role in BoundRoles(user).Where(BuiltIn.ContainsKey))
        {
            grants.UnionWith(BuiltIn[role]);
        }

        return grants;
    }

    private IEnumerable<Dictionary<string, object?>> Rules(string user) =>
        from id in BoundRoles(user)
        let slash = id.IndexOf('/', StringComparison.Ordinal)
        from role in objects.Where(o => o.Kind == id[..slash] && o.Name == id[(slash + 1)..])
        from rule in Tree.Maps(role.Root.GetValueOrDefault("rules"))
        select rule;

    /// <summary>"ClusterRole/name" of every ClusterRoleBinding naming the account (namespaced Roles do not grant non-resource URLs).</summary>
    private IEnumerable<string> BoundRoles(string user)
    {
        var parts = user.Split(':');
        if (parts is not ["system", "serviceaccount", var ns, var name])
        {
            return [];
        }

        return objects.Where(o => o.Kind == "ClusterRoleBinding"
                && Tree.Maps(o.Root.GetValueOrDefault("subjects")).Any(s => Equals(s.GetValueOrDefault("kind"), "ServiceAccount") && Equals(s.GetValueOrDefault("namespace"), ns) && Equals(s.GetValueOrDefault("name"), name)))
            .Select(b => $"{b.Scalar("roleRef", "kind")}/{b.Scalar("roleRef", "name")}");
    }
}
