using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KernelTruth.Contracts.Cgroups;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.Kube.TestServer;
using KernelTruth.Kubernetes.Resources;

namespace KernelTruth.ClusterLoop.Benchmarks;

/// <summary>
/// N workloads as a cluster holds them: workload i is Deployment "service-i" in namespace "team-(i mod 64)", one
/// ReplicaSet, one running pod with one container "server" (request 100m, limit 200m), and one VPA naming
/// kernel-truth. Its sensor cgroup has container id i in hex (64 digits).
/// </summary>
internal static class SyntheticCluster
{
    public static string Namespace(int i) => $"team-{i % 64:d2}";

    public static string Deployment(int i) => $"service-{i:d6}";

    public static string Key(int i) => $"{Namespace(i)}/Deployment/{Deployment(i)}/server";

    public static string ContainerId(int i) => i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);

    public static void Seed(KubeTestServer server, int workloads)
    {
        for (int i = 0; i < workloads; i++)
        {
            string ns = Namespace(i), deployment = Deployment(i), rs = deployment + "-5d4f8";
            Store(server, KubeResources.ReplicaSets, new V1ReplicaSet { ApiVersion = "apps/v1", Kind = "ReplicaSet", Metadata = Owned(ns, rs, "Deployment", deployment) });
            Store(server, KubeResources.Pods, Pod(ns, rs + "-x" + i, rs, ContainerId(i)));
            Store(server, KubeResources.VerticalPodAutoscalers, new VerticalPodAutoscaler
            {
                Metadata = new V1ObjectMeta { Name = deployment, NamespaceProperty = ns },
                Spec = new VpaSpec
                {
                    TargetRef = new CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = deployment },
                    Recommenders = [new VpaRecommenderSelector { Name = "kernel-truth" }],
                },
            });
        }
    }

    /// <summary>The container cgroup of workload i as a sensor reports it (a container-level cgroup with its container id).</summary>
    public static CgroupSnapshot Cgroup(int i) => new()
    {
        Id = (ulong)i + 1000,
        Path = $"/kubepods/burstable/pod{i}/{ContainerId(i)}",
        TrackedSince = 1,
        Identity = new CgroupIdentity("container", ContainerId: ContainerId(i)),
        Sched = new SchedSnapshot
        {
            OnCpuNs = 0,
            VoluntarySwitches = 0,
            InvoluntarySwitches = 0,
            ThrottleEvents = 0,
            ContentionWait = new WaitHistogram(0, 0, []),
            ThrottleWait = new WaitHistogram(0, 0, []),
            PeriodUsage = new PeriodUsage { Source = "period-timer", PeriodNs = 100_000_000, Count = 0, SumNs = 0, Buckets = [], BucketBoundsNs = [] },
        },
    };

    private static V1Pod Pod(string ns, string name, string rs, string containerId) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = Owned(ns, name, "ReplicaSet", rs),
        Spec = new V1PodSpec
        {
            NodeName = "node-a",
            Containers =
            [
                new V1Container
                {
                    Name = "server",
                    Resources = new V1ResourceRequirements
                    {
                        Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m") },
                        Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("200m") },
                    },
                },
            ],
        },
        Status = new V1PodStatus { Phase = "Running", ContainerStatuses = [new V1ContainerStatus { Name = "server", ContainerID = "containerd://" + containerId }] },
    };

    private static V1ObjectMeta Owned(string ns, string name, string ownerKind, string ownerName) => new()
    {
        Name = name,
        NamespaceProperty = ns,
        OwnerReferences = [new V1OwnerReference { Kind = ownerKind, ApiVersion = "apps/v1", Name = ownerName, Uid = "owner-uid", Controller = true }],
    };

    private static void Store<T>(KubeTestServer server, KubeResource resource, T obj) =>
        server.Seed(resource, JsonNode.Parse(KubernetesJson.Serialize(obj))!.AsObject());
}
