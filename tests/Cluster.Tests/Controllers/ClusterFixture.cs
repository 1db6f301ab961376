using System.Text.Json;
using System.Text.Json.Nodes;
using KernelTruth.Kube.Resources;
using KernelTruth.Kube.TestServer;
using KernelTruth.Cluster.Api;
using KernelTruth.Cluster.Tests.Attribution;

namespace KernelTruth.Cluster.Tests.Controllers;

/// <summary>
/// A test API server holding: namespace shop with Deployment web (ReplicaSet web-5d4f8, pods web-a and
/// web-b labelled app=web, container "app" with request 100m / limit 200m) and two VPAs on it — "web" naming kernel-truth,
/// "web-default" naming the default recommender; namespace kernel-truth with one sensor pod pointing at a
/// <see cref="FakeSensor"/> that reports both pods' containers.
/// </summary>
internal sealed class ClusterFixture : IAsyncDisposable
{
    public const string Ns = "kernel-truth";
    public const string UidA = "40469a73-bad4-4708-bd0b-0394f861f50a";
    public const string UidB = "11111111-2222-3333-4444-555555555555";

    private ClusterFixture(KubeTestServer server, FakeSensor sensor)
    {
        Server = server;
        Sensor = sensor;
    }

    public KubeTestServer Server { get; }

    public FakeSensor Sensor { get; }

    public static async Task<ClusterFixture> StartAsync()
    {
        var server = await KubeTestServer.StartAsync();
        Seed(server, KubeResources.ReplicaSets, new MetadataOnly { ApiVersion = "apps/v1", Kind = "ReplicaSet", Metadata = Pods.Owned("shop", "web-5d4f8", "Deployment", "apps/v1", "web") }, KubernetesJsonContext.Default.MetadataOnly);

        // The server gives every object its own uid; the sensor reports the pods by theirs.
        string uidA = Seed(server, KubeResources.Pods, WebPod(Pods.Make("shop", "web-a", UidA, ("ReplicaSet", "apps/v1", "web-5d4f8"), ("app", Pods.Id('a')))), KubernetesJsonContext.Default.Pod);
        string uidB = Seed(server, KubeResources.Pods, WebPod(Pods.Make("shop", "web-b", UidB, ("ReplicaSet", "apps/v1", "web-5d4f8"), ("app", Pods.Id('b')))), KubernetesJsonContext.Default.Pod);
        var sensor = await FakeSensor.StartAsync("node-a", (uidA, Pods.Id('a')), (uidB, Pods.Id('b')));
        Seed(server, KubeResources.Pods, SensorPod(sensor.Port), KubernetesJsonContext.Default.Pod);
        Seed(server, KubeResources.VerticalPodAutoscalers, Vpa("web", "kernel-truth"), KubernetesJsonContext.Default.VerticalPodAutoscaler);
        Seed(server, KubeResources.VerticalPodAutoscalers, Vpa("web-default", "default"), KubernetesJsonContext.Default.VerticalPodAutoscaler);
        return new ClusterFixture(server, sensor);
    }

    /// <summary>Stores an object; returns the uid the server gave it.</summary>
    private static string Seed<T>(KubeTestServer server, KubeResource resource, T obj, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        server.Seed(resource, JsonNode.Parse(JsonSerializer.Serialize(obj, type))!.AsObject())["metadata"]!["uid"]!.GetValue<string>();

    public T? Get<T>(KubeResource resource, string ns, string name, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        Server.GetObject(resource, ns, name) is { } json ? json.Deserialize(type) : default;

    public int Writes(string resource, string? user = null) =>
        Server.Requests.Count(r => r.Resource == resource && r.Verb is "patch" or "create" or "update" && (user is null || r.User == user) && r.StatusCode < 300);

    public async ValueTask DisposeAsync()
    {
        await Sensor.DisposeAsync();
        await Server.DisposeAsync();
    }

    private static Pod WebPod(Pod pod) =>
        pod with { ApiVersion = "v1", Kind = "Pod", Metadata = pod.Metadata with { Labels = new() { ["app"] = "web" } } };

    private static VerticalPodAutoscaler Vpa(string name, string recommender) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "shop" },
        Spec = new VpaSpec
        {
            TargetRef = new CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web" },
            Recommenders = [new VpaRecommenderSelector { Name = recommender }],
        },
    };

    private static Pod SensorPod(int port) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new ObjectMeta { Name = "ktruth-sensor-x1", Namespace = Ns, Uid = "sensor-uid", Labels = new() { ["app.kubernetes.io/name"] = "ktruth-sensor" } },
        Spec = new PodSpec { NodeName = "node-a", Containers = [new Container { Name = "sensor", Ports = [new ContainerPortSpec { Name = "http", ContainerPort = port }] }] },
        Status = new PodStatus { Phase = "Running", PodIP = "127.0.0.1" },
    };
}
