using System.Security.Cryptography;
using System.Text;
using KernelTruth.Contracts.Snapshot;

namespace KernelTruth.MetricsAdapter.Store;

/// <summary>
/// Single host (<c>ktruth watch --serve</c>): every tracked cgroup is one "pod" in namespace
/// <c>host</c>, named by its identity as a DNS-1123 label (what a pod name must be):
/// <list type="bullet">
/// <item>pod-container → <c>pod-{uid}-{first 12 of container id}</c>; pod → <c>pod-{uid}</c>;
/// container → <c>{runtime}-{first 12 of id}</c>;</item>
/// <item>systemd unit → the unit name, e.g. <c>ssh.service</c> → <c>ssh-service</c>;</item>
/// <item>any other cgroup → its path, e.g. <c>/user.slice/build</c> → <c>user-slice-build</c>; the root is <c>root</c>.</item>
/// </list>
/// Lowercased; characters outside [a-z0-9-] become '-', runs of '-' collapse, ends are trimmed.
/// A name longer than 63 is cut to 54 and ends in '-' plus 8 hex digits of the path's SHA-256, so
/// two long paths stay apart. Labels: <c>ktruth.io/kind</c> (the identity kind) and, for
/// Kubernetes cgroups, <c>ktruth.io/qos</c>. Request unknown, so cpu_demand_utilization is not offered.
/// Nested cgroups are all listed, so a namespace total over `--all` counts a parent and its children.
/// </summary>
public sealed class HostPodAttributor : IPodAttributor
{
    public const string Namespace = "host";
    private const int MaxName = 63;

    public PodAttribution? Attribute(string node, CgroupSnapshot cgroup)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["ktruth.io/kind"] = cgroup.Identity.Kind };
        if (cgroup.Identity.Qos is { } qos)
        {
            labels["ktruth.io/qos"] = qos;
        }

        return new PodAttribution(Namespace, NameOf(cgroup), labels, [], null, null);
    }

    public static string NameOf(CgroupSnapshot cgroup)
    {
        var id = cgroup.Identity; // kinds as the snapshot contract spells them
        string raw = id.Kind switch
        {
            "pod-container" when id.PodUid is not null && id.ContainerId is not null => $"pod-{id.PodUid}-{Short(id.ContainerId)}",
            "pod" when id.PodUid is not null => $"pod-{id.PodUid}",
            "container" when id.ContainerId is not null => $"{id.Runtime ?? "container"}-{Short(id.ContainerId)}",
            "systemd-unit" when id.Unit is not null => id.Unit,
            _ => cgroup.Path,
        };
        string name = Sanitize(raw);
        if (name.Length == 0)
        {
            return "root";
        }

        if (name.Length > MaxName)
        {
            string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(cgroup.Path)))[..8];
            name = name[..54].TrimEnd('-') + "-" + hash;
        }

        return name;
    }

    private static string Short(string containerId) => containerId.Length > 12 ? containerId[..12] : containerId;

    private static string Sanitize(string raw)
    {
        var sb = new StringBuilder(raw.Length);
        foreach (char ch in raw.ToLowerInvariant())
        {
            char c = ch is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? ch : '-';
            if (c == '-' && (sb.Length == 0 || sb[^1] == '-'))
            {
                continue;
            }

            sb.Append(c);
        }

        return sb.ToString().TrimEnd('-');
    }
}
