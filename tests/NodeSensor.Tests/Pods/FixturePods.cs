using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KernelTruth.Kube.TestServer;

namespace KernelTruth.NodeSensor.Tests.Pods;

/// <summary>
/// Pods whose UIDs and container ids are those of the cgroup fixtures (Fixtures/cgroup-v1 and cgroup-v2): what the API
/// server would list for the node those cgroups come from, plus one pod on another node.
/// </summary>
internal static class FixturePods
{
    public const string Node = "node-a";

    /// <summary>Fixtures/cgroup-v1/cpu/kubepods/burstable/pod40469a73-…/f27eb5fe…</summary>
    public const string V1PodUid = "40469a73-bad4-4708-bd0b-0394f861f50a";
    public const string V1ContainerId = "f27eb5feedafc959919f86c7a88c2a6cf5e6bbadc398ce36357a270203eb12a1";

    /// <summary>Fixtures/cgroup-v2/kubepods.slice/…/kubepods-burstable-pod679d3836_….slice/cri-containerd-e4d8a198….scope</summary>
    public const string V2PodUid = "679d3836-d2a6-43d3-a3c4-bcd45922a9c7";
    public const string V2ContainerId = "e4d8a1987ca72758797f449f7db8636b608a956feb0210d6515d48ccaab54fdf";

    public static V1Pod Pod(string ns, string name, string uid, string node, params (string Container, string Id)[] containers) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = uid },
        Spec = new V1PodSpec { NodeName = node, Containers = [.. containers.Select(c => new V1Container { Name = c.Container })] },
        Status = new V1PodStatus
        {
            Phase = "Running",
            ContainerStatuses = [.. containers.Select(c => new V1ContainerStatus { Name = c.Container, ContainerID = "containerd://" + c.Id })],
        },
    };

    /// <summary>Seeds the fixture pods: shop/web-0 (v1 cgroup, container "app"), shop/api-0 (v2, "server"), and other/far-0 on node-b.</summary>
    public static void Seed(KubeTestServer server)
    {
        Store(server, Pod("shop", "web-0", V1PodUid, Node, ("app", V1ContainerId)));
        Store(server, Pod("shop", "api-0", V2PodUid, Node, ("server", V2ContainerId)));
        Store(server, Pod("other", "far-0", "99999999-0000-0000-0000-000000000000", "node-b", ("far", new string('9', 64))));
    }

    /// <summary>Stores a pod as the server would hold it; the server keeps the UID given (Seed stores as sent).</summary>
    public static void Store(KubeTestServer server, V1Pod pod) =>
        server.Seed(KubeResources.Pods, JsonNode.Parse(KubernetesJson.Serialize(pod))!.AsObject());
}
