using System.Text.Json.Nodes;
using k8s;
using KernelTruth.Cluster.Checkpoint;
using KernelTruth.Cluster.Tests.Controllers;
using KernelTruth.Kube.TestServer;
using KernelTruth.Kubernetes.Connection;
using KernelTruth.Models;
using KernelTruth.Recommender.Logic;
using Microsoft.Extensions.Logging.Abstractions;
using static KernelTruth.Recommender.Tests.Input.SnapshotFactory;

namespace KernelTruth.Cluster.Tests.Checkpoint;

/// <summary>
/// A test API server and what the checkpoint store tests need around it: stores for named writers, and engines fed
/// with two steady workloads (shop/Deployment/web/app at load 1, shop/StatefulSet/db/main at load 2).
/// </summary>
internal sealed class CheckpointCluster : IAsyncDisposable
{
    public const string Ns = "kernel-truth";
    public const string Web = "shop/Deployment/web/app";
    public const string Db = "shop/StatefulSet/db/main";

    private readonly List<IDisposable> _clients = [];

    private CheckpointCluster(KubeTestServer server) => Server = server;

    public KubeTestServer Server { get; }

    public LogLines Log { get; } = new();

    public static async Task<CheckpointCluster> StartAsync() => new(await KubeTestServer.StartAsync());

    public IKubernetes Client(string user)
    {
        var client = KubernetesClientFactory.Create(Server.ClientConfig(Server.IssueToken(user)), TimeProvider.System, new ApiRetryOptions { FirstDelay = TimeSpan.FromMilliseconds(10), MaxRetries = 1 });
        _clients.Add(client);
        return client;
    }

    /// <summary>A store writing as <paramref name="user"/>; <paramref name="live"/> null = the caches do not know yet.</summary>
    public ClusterCheckpointStore Store(string user, FixedLeadership? leadership = null, IReadOnlySet<string>? live = null, int maxModelBytes = ClusterCheckpointOptions.DefaultMaxModelBytes) =>
        new(Client(user), leadership ?? new FixedLeadership(true), new ClusterCheckpointOptions { Namespace = Ns, MaxModelBytes = maxModelBytes }, new ModelOptions(), () => live, Log.CreateLogger(user));

    /// <summary>
    /// An engine that has read <paramref name="readings"/> snapshots of both workloads (readings − 1 intervals each);
    /// with <paramref name="webStart"/>, the web container reports that finished start in each.
    /// </summary>
    public static RecommenderEngine Engine(int readings, KernelTruth.Contracts.Snapshot.StartupSnapshot? webStart = null)
    {
        var engine = new RecommenderEngine(NullLogger.Instance, null, c => c.Path == "/web" ? Web : Db);
        for (int k = 0; k < readings; k++)
        {
            engine.Ingest(Node(At(k), Steady(k, 100, "/web", load: 1) with { Startup = webStart }, Steady(k, 101, "/db", load: 2)));
        }

        return engine;
    }

    public static RecommenderEngine Empty() => new(NullLogger.Instance, null, c => c.Path);

    public JsonObject? Object(string name) => Server.GetObject(KubeResources.WorkloadCheckpoints, Ns, name);

    public IReadOnlyList<JsonObject> Objects() =>
        [.. new[] { CheckpointNaming.Name(Web), CheckpointNaming.Name(Db) }.Select(Object).OfType<JsonObject>()];

    /// <summary>Names of every WorkloadCheckpoint in the namespace, as a client lists them, sorted.</summary>
    public async Task<IReadOnlyList<string>> NamesAsync()
    {
        var list = (System.Text.Json.JsonElement)await Client("inspector").CustomObjects.ListNamespacedCustomObjectAsync("ktruth.io", "v1alpha1", Ns, "workloadcheckpoints");
        return [.. list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString()!).Order(StringComparer.Ordinal)];
    }

    public async ValueTask DisposeAsync()
    {
        _clients.ForEach(c => c.Dispose());
        await Server.DisposeAsync();
    }
}
