using k8s;
using KernelTruth.Contracts.Cgroups;
using KernelTruth.Kube.TestServer;
using KernelTruth.Kubernetes.Connection;
using KernelTruth.NodeSensor.Pods;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelTruth.NodeSensor.Tests.Pods;

/// <summary>The sensor's watch of its node's pods, through KubernetesClient against the in-process API server.</summary>
public sealed class NodePodWatchTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Watch_PodsOfThisNode_NamedOthersNeverSeen_NewPodFollowed()
    {
        await using var server = await KubeTestServer.StartAsync();
        FixturePods.Seed(server);
        using var client = KubernetesClientFactory.Create(server.ClientConfig(server.IssueToken("system:serviceaccount:kernel-truth:ktruth-sensor")), TimeProvider.System);
        var pods = new NodePods(TimeProvider.System);
        using var watch = new NodePodWatch(client, FixturePods.Node, pods, TimeProvider.System, NullLoggerFactory.Instance);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        await watch.StartAsync(stop.Token);
        await Until(() => pods.Count == 2, "the two pods of node-a");
        Assert.Equal(new PodLabels("shop", "web-0", "app"), pods.Label(new CgroupIdentity(CgroupKinds.PodContainer, FixturePods.V1PodUid, FixturePods.V1ContainerId)));
        Assert.Null(pods.Label(new CgroupIdentity(CgroupKinds.Pod, "99999999-0000-0000-0000-000000000000"))); // node-b's pod

        // A pod scheduled here later arrives through the watch.
        FixturePods.Store(server, FixturePods.Pod("shop", "web-1", "33333333-3333-3333-3333-333333333333", FixturePods.Node, ("app", new string('3', 64))));
        await Until(() => pods.Label(new CgroupIdentity(CgroupKinds.PodContainer, "33333333-3333-3333-3333-333333333333", new string('3', 64)))?.Pod == "web-1", "web-1 from the watch");
        await watch.StopAsync(CancellationToken.None);

        // Only list and watch of pods: the permissions deploy/ grants the sensor's account for this (a watch is recorded when it ends).
        await Until(() => server.PermissionsUsed("system:serviceaccount:kernel-truth:ktruth-sensor").Count == 2, "the watch's record");
        Assert.Equal([("", "pods", "list"), ("", "pods", "watch")], server.PermissionsUsed("system:serviceaccount:kernel-truth:ktruth-sensor").Order());
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        long start = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(start) < Wait, $"not within {Wait.TotalSeconds} s: {what}");
            await Task.Delay(50);
        }
    }
}
