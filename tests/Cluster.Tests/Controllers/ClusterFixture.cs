using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KernelTruth.Cluster.Tests.Attribution;
using KernelTruth.Kube.TestServer;
using KernelTruth.Kubernetes.Connection;
using KernelTruth.Kubernetes.Resources;

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

    /// <param name="withVpa">False: the server does not serve VPAs (a cluster without the VPA CRD) and holds none.</param>
    public static async Task<ClusterFixture> StartAsync(bool withVpa = true)
    {
        var server = await KubeTestServer.StartAsync(withVpa ? null : new KubeTestServerOptions
        {
            Resources = [.. KubeResources.All.Where(r => r != KubeResources.VerticalPodAutoscalers)],
        });
        Seed(server, KubeResources.ReplicaSets, new V1ReplicaSet { ApiVersion = "apps/v1", Kind = "ReplicaSet", Metadata = Pods.Owned("shop", "web-5d4f8", "Deployment", "apps/v1", "web") });

        // The server gives every object its own uid; the sensor reports the pods by theirs.
        string uidA = Seed(server, KubeResources.Pods, WebPod(Pods.Make("shop", "web-a", UidA, ("ReplicaSet", "apps/v1", "web-5d4f8"), ("app", Pods.Id('a')))));
        string uidB = Seed(server, KubeResources.Pods, WebPod(Pods.Make("shop", "web-b", UidB, ("ReplicaSet", "apps/v1", "web-5d4f8"), ("app", Pods.Id('b')))));
        var sensor = await FakeSensor.StartAsync("node-a", (uidA, Pods.Id('a')), (uidB, Pods.Id('b')));
        Seed(server, KubeResources.Pods, SensorPod(sensor.Port));
        if (withVpa)
        {
            AddVpas(server);
        }

        return new ClusterFixture(server, sensor);
    }

    /// <summary>The two VPAs on shop/web: "web" naming kernel-truth, "web-default" the default recommender.</summary>
    public static void AddVpas(KubeTestServer server)
    {
        Seed(server, KubeResources.VerticalPodAutoscalers, Vpa("web", "kernel-truth"));
        Seed(server, KubeResources.VerticalPodAutoscalers, Vpa("web-default", "default"));
    }

    /// <summary>Stores an object; returns the uid the server gave it.</summary>
    private static string Seed<T>(KubeTestServer server, KubeResource resource, T obj) =>
        server.Seed(resource, JsonNode.Parse(KubernetesJson.Serialize(obj))!.AsObject())["metadata"]!["uid"]!.GetValue<string>();

    /// <summary>The stored object as the API client would read it.</summary>
    public T? Get<T>(KubeResource resource, string ns, string name) =>
        Server.GetObject(resource, ns, name) is { } json ? KubernetesJson.Deserialize<T>(json.ToJsonString()) : default;

    /// <summary>A KubernetesClient for the server as <paramref name="user"/>, with fast read retries.</summary>
    public IKubernetes Client(string user, ApiRetryOptions? retries = null) =>
        KubernetesClientFactory.Create(Server.ClientConfig(Server.IssueToken(user)), TimeProvider.System, retries ?? new ApiRetryOptions { FirstDelay = TimeSpan.FromMilliseconds(10) });

    public int Writes(string resource, string? user = null) =>
        Server.Requests.Count(r => r.Resource == resource && r.Verb is "patch" or "create" or "update" && (user is null || r.User == user) && r.StatusCode < 300);

    public async ValueTask DisposeAsync()
    {
        await Sensor.DisposeAsync();
        await Server.DisposeAsync();
    }

    private static V1Pod WebPod(V1Pod pod)
    {
        pod.Metadata.Labels = new Dictionary<string, string> { ["app"] = "web" };
        return pod;
    }

    private static VerticalPodAutoscaler Vpa(string name, string recommender) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "shop" },
        Spec = new VpaSpec
        {
            TargetRef = new CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web" },
            Recommenders = [new VpaRecommenderSelector { Name = recommender }],
        },
    };

    private static V1Pod SensorPod(int port) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = "ktruth-sensor-x1", NamespaceProperty = Ns, Uid = "sensor-uid", Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "ktruth-sensor" } },
        Spec = new V1PodSpec { NodeName = "node-a", Containers = [new V1Container { Name = "sensor", Ports = [new V1ContainerPort { Name = "http", ContainerPort = port }] }] },
        Status = new V1PodStatus { Phase = "Running", PodIP = "127.0.0.1" },
    };
}
