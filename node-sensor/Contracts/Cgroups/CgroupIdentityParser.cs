using System.Text.RegularExpressions;

namespace KernelTruth.Contracts.Cgroups;

/// <summary>
/// Reads pod, container, runtime and QoS from a cgroup path, for every layout kubelet and the runtimes
/// produce. Paths are relative to the cpu mount. Only the leaf decides
/// the kind: a cgroup nested inside a container is not the container.
/// </summary>
public static partial class CgroupIdentityParser
{
    public static CgroupIdentity Parse(string relativePath)
    {
        var components = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (components.Length == 0)
        {
            return new CgroupIdentity(CgroupKinds.Cgroup);
        }

        var leaf = components[^1];
        var ancestors = components[..^1];

        // runc's systemd cgroupsPath "slice:prefix:id", left unexpanded when containerd runs with
        // SystemdCgroup=false on a systemd host: /system.slice/containerd.service/<slice>:cri-containerd:<id>.
        if (CgroupsPathLeaf().Match(leaf) is { Success: true } unexpanded)
        {
            var runtime = RuntimeOfPrefix(unexpanded.Groups["prefix"].Value);
            var id = unexpanded.Groups["id"].Value;
            return TryParsePod(unexpanded.Groups["slice"].Value, underKubepods: false, precedingComponent: null) is { } slicePod
                ? new CgroupIdentity(CgroupKinds.PodContainer, slicePod.Uid, id, runtime, slicePod.Qos)
                : new CgroupIdentity(CgroupKinds.Container, ContainerId: id, Runtime: runtime);
        }

        if (ContainerLeaf().Match(leaf) is { Success: true } container)
        {
            var id = container.Groups["id"].Value;
            var runtime = container.Groups["prefix"].Success
                ? RuntimeOfPrefix(container.Groups["prefix"].Value)
                : ancestors is [.., "docker"] ? "docker" : null; // bare ids: containerd and cri-dockerd look alike
            return FindPod(ancestors) is { } pod
                ? new CgroupIdentity(CgroupKinds.PodContainer, pod.Uid, id, runtime, pod.Qos)
                : new CgroupIdentity(CgroupKinds.Container, ContainerId: id, Runtime: runtime);
        }

        if (TryParsePod(leaf, IsUnderKubepods(ancestors), ancestors.LastOrDefault()) is { } podLevel)
        {
            return new CgroupIdentity(CgroupKinds.Pod, podLevel.Uid, Qos: podLevel.Qos);
        }

        return SystemdUnitLeaf().IsMatch(leaf)
            ? new CgroupIdentity(CgroupKinds.SystemdUnit, Unit: leaf)
            : new CgroupIdentity(CgroupKinds.Cgroup);
    }

    /// <summary>The nearest ancestor that is a pod cgroup, if any.</summary>
    private static PodRef? FindPod(string[] ancestors)
    {
        for (var i = ancestors.Length - 1; i >= 0; i--)
        {
            var pod = TryParsePod(ancestors[i], IsUnderKubepods(ancestors[..i]), i > 0 ? ancestors[i - 1] : null);
            if (pod is not null)
            {
                return pod;
            }
        }

        return null;
    }

    /// <summary>
    /// systemd driver: "kubepods[-qos]-pod&lt;uid_with_underscores&gt;.slice" (self-describing);
    /// cgroupfs driver: "pod&lt;uid&gt;" under /kubepods[/qos], the QoS being the preceding directory.
    /// </summary>
    private static PodRef? TryParsePod(string component, bool underKubepods, string? precedingComponent)
    {
        if (SystemdPodSlice().Match(component) is { Success: true } slice)
        {
            var qos = slice.Groups["qos"].Success ? slice.Groups["qos"].Value : "guaranteed";
            return new PodRef(NormalizeUid(slice.Groups["uid"].Value), qos);
        }

        if (underKubepods && CgroupfsPod().Match(component) is { Success: true } plain)
        {
            var qos = precedingComponent is "besteffort" or "burstable" ? precedingComponent : "guaranteed";
            return new PodRef(NormalizeUid(plain.Groups["uid"].Value), qos);
        }

        return null;
    }

    private static bool IsUnderKubepods(string[] ancestors) =>
        ancestors.Any(c => c == "kubepods" || c == "kubepods.slice" || c.EndsWith("-kubepods.slice", StringComparison.Ordinal));

    /// <summary>kubelet escapes '-' as '_' inside systemd slice names; the API's UID has dashes.</summary>
    private static string NormalizeUid(string uid) => uid.Replace('_', '-');

    private static string RuntimeOfPrefix(string prefix) => prefix switch
    {
        "cri-containerd" => "containerd",
        "crio" => "cri-o",
        _ => "docker",
    };

    // Pod UIDs are UUIDs, except static pods': kubelet names those by a 32-hex md5 of the manifest.
    private const string Uid = "[0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12}|[0-9a-f]{32}";

    // A --cgroup-root such as /kubelet prefixes every slice ("kubelet-kubepods-pod<uid>.slice").
    [GeneratedRegex($"^(?:[a-z0-9_]+-)*kubepods-(?:(?<qos>besteffort|burstable)-)?pod(?<uid>{Uid})\\.slice$")]
    private static partial Regex SystemdPodSlice();

    [GeneratedRegex($"^pod(?<uid>{Uid})$")]
    private static partial Regex CgroupfsPod();

    // systemd scopes carry the runtime's prefix; cgroupfs leaves are "crio-<id>" or the bare id.
    [GeneratedRegex("^(?:(?<prefix>cri-containerd|crio|docker)-(?<id>[0-9a-f]{64})\\.scope|(?<prefix>crio)-(?<id>[0-9a-f]{64})|(?<id>[0-9a-f]{64}))$")]
    private static partial Regex ContainerLeaf();

    [GeneratedRegex("^(?<slice>[^:]+\\.slice):(?<prefix>cri-containerd|crio|docker):(?<id>[0-9a-f]{64})$")]
    private static partial Regex CgroupsPathLeaf();

    // Unit types that systemd gives a cgroup to.
    [GeneratedRegex("^.+\\.(?:service|scope|slice|mount|socket|swap)$")]
    private static partial Regex SystemdUnitLeaf();

    private sealed record PodRef(string Uid, string Qos);
}
