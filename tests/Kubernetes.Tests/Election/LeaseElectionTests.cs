using System.Diagnostics;
using k8s;
using KernelTruth.Kube.TestServer;
using KernelTruth.Kubernetes.Connection;
using KernelTruth.Kubernetes.Election;
using KernelTruth.Kubernetes.Tests.Api;
using KernelTruth.Kubernetes.Tests.Fakes;
using Xunit.Abstractions;

namespace KernelTruth.Kubernetes.Tests.Election;

/// <summary>
/// Two or more elections (KubernetesClient's LeaderElector on a Lease) against one server, on real time with short
/// leases (2 s lease, 1.5 s renew deadline, 0.2 s retry) so each test takes seconds. Bounds are generous for a loaded
/// machine but each still fails if the rule it checks is broken.
/// </summary>
public sealed class LeaseElectionTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RenewDeadline = TimeSpan.FromMilliseconds(1500);
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(200);

    private sealed class Instance : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly IKubernetes _client;
        private Task _run = Task.CompletedTask;

        public Instance(KubeTestServer server, string identity, bool releaseOnCancel = true)
        {
            _client = server.Client(server.IssueToken(identity), ServerAndClient.FastRetries with { MaxRetries = 1 });
            Elector = new LeaseElection(_client, new LeaseElectionOptions
            {
                LeaseNamespace = "kube-system",
                LeaseName = "ktruth",
                Identity = identity,
                LeaseDuration = Lease,
                RenewDeadline = RenewDeadline,
                RetryPeriod = Retry,
                ReleaseOnCancel = releaseOnCancel,
            });
            Elector.StartedLeading += () => Started++;
            Elector.StoppedLeading += () => Stopped++;
        }

        public LeaseElection Elector { get; }
        public int Started { get; private set; }
        public int Stopped { get; private set; }

        public void Start() => _run = Elector.RunAsync(_stop.Token);

        /// <summary>What a controller does: write only while leader (here every 50 ms).</summary>
        public async Task WriteWhileLeadingAsync(CancellationToken ct)
        {
            while (!ct.IsCancellationRequested)
            {
                if (Elector.IsLeader)
                {
                    await _client.CoreV1.PatchNamespacedConfigMapAsync(Objects.Merge($$$"""{"data":{"by":"{{{Elector.Identity}}}"}}"""), "owner", "kube-system");
                }

                try
                {
                    await Task.Delay(50, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        /// <summary>Graceful (releases) or, with releaseOnCancel false, a kill: the lease is left to expire.</summary>
        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _run.WaitAsync(TimeSpan.FromSeconds(10));
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _client.Dispose();
            _stop.Dispose();
        }
    }

    private static async Task<Instance> LeaderOf(Instance a, Instance b)
    {
        await WatchTests.WaitUntil(() => a.Elector.IsLeader || b.Elector.IsLeader);
        return a.Elector.IsLeader ? a : b;
    }

    private static async Task<TimeSpan> TimeUntilLeader(Instance instance, TimeSpan limit, Func<bool> neverBoth)
    {
        var clock = Stopwatch.StartNew();
        while (!instance.Elector.IsLeader)
        {
            Assert.True(neverBoth(), "two leaders at once");
            Assert.True(clock.Elapsed < limit, $"{instance.Elector.Identity} did not take over within {limit}");
            await Task.Delay(10);
        }

        return clock.Elapsed;
    }

    [Fact]
    public async Task RunAsync_TwoInstances_ExactlyOneLeadsAtEverySample()
    {
        await using var server = await KubeTestServer.StartAsync();
        await using var a = new Instance(server, "a");
        await using var b = new Instance(server, "b");
        a.Start();
        b.Start();
        await LeaderOf(a, b);

        var samples = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Lease * 2) // two lease durations: several renewals by the leader
        {
            Assert.True(a.Elector.IsLeader ^ b.Elector.IsLeader, $"a={a.Elector.IsLeader} b={b.Elector.IsLeader}");
            samples++;
            await Task.Delay(5);
        }

        Assert.True(samples > 50, $"only {samples} samples");
        Assert.Equal(1, a.Started + b.Started); // leadership never changed hands while the leader renewed
        var lease = server.GetObject(KubeResources.Leases, "kube-system", "ktruth")!;
        Assert.Equal((await LeaderOf(a, b)).Elector.Identity, lease["spec"]!["holderIdentity"]!.GetValue<string>());
        Assert.Equal(2, lease["spec"]!["leaseDurationSeconds"]!.GetValue<int>());
    }

    [Fact]
    public async Task StopAsync_GracefulLeader_ReleasesAndOtherTakesOverWellWithinLease()
    {
        await using var server = await KubeTestServer.StartAsync();
        await using var a = new Instance(server, "a");
        a.Start();
        await WatchTests.WaitUntil(() => a.Elector.IsLeader);
        await using var b = new Instance(server, "b");
        b.Start();
        await Task.Delay(Retry * 3); // b has seen the lease held

        await a.StopAsync();
        var takeover = await TimeUntilLeader(b, Lease, () => !(a.Elector.IsLeader && b.Elector.IsLeader));

        output.WriteLine($"graceful takeover after {takeover.TotalMilliseconds:0} ms (lease {Lease.TotalMilliseconds:0} ms)");

        // Released: b needs at most one retry period (0.2 s) plus scheduling, not a lease duration.
        Assert.True(takeover < Lease, $"takeover took {takeover}");
        Assert.Equal((1, 1), (a.Started, a.Stopped));
        var lease = server.GetObject(KubeResources.Leases, "kube-system", "ktruth")!;
        Assert.Equal("b", lease["spec"]!["holderIdentity"]!.GetValue<string>());
        Assert.Equal(1, lease["spec"]!["leaseTransitions"]!.GetValue<int>());
    }

    [Fact]
    public async Task Kill_LeaderWithoutRelease_OtherTakesOverOnlyAfterLeaseExpires()
    {
        await using var server = await KubeTestServer.StartAsync();
        await using var a = new Instance(server, "a", releaseOnCancel: false);
        a.Start();
        await WatchTests.WaitUntil(() => a.Elector.IsLeader);
        await using var b = new Instance(server, "b");
        b.Start();
        await Task.Delay(Retry * 3);

        await a.StopAsync();
        Assert.Equal("a", server.GetObject(KubeResources.Leases, "kube-system", "ktruth")!["spec"]!["holderIdentity"]!.GetValue<string>()); // not released
        var takeover = await TimeUntilLeader(b, Lease * 3, () => !b.Elector.IsLeader || !a.Elector.IsLeader);

        output.WriteLine($"takeover after kill {takeover.TotalMilliseconds:0} ms (lease {Lease.TotalMilliseconds:0} ms, retry {Retry.TotalMilliseconds:0} ms)");

        // b must wait out the lease from a's last renewal (≤ one retry before the kill): at least
        // lease − retry; it notices within lease + two retries (observation and poll granularity).
        Assert.True(takeover >= Lease - Retry * 2, $"took over early: {takeover}");
        Assert.True(takeover <= Lease + Retry * 2 + TimeSpan.FromSeconds(2), $"took over late: {takeover}");
    }

    [Fact]
    public async Task RunAsync_ServerDownLongerThanRenewDeadline_LeaderStepsDownBeforeLeaseExpires()
    {
        await using var server = await KubeTestServer.StartAsync();
        await using var a = new Instance(server, "a");
        a.Start();
        await WatchTests.WaitUntil(() => a.Elector.IsLeader);

        server.FailAllFor(TimeSpan.FromSeconds(4));
        var clock = Stopwatch.StartNew();
        while (a.Elector.IsLeader)
        {
            Assert.True(clock.Elapsed < Lease + TimeSpan.FromSeconds(1), "still leader after the lease would have expired for others");
            await Task.Delay(10);
        }

        output.WriteLine($"stepped down {clock.Elapsed.TotalMilliseconds:0} ms into the outage (renew deadline {RenewDeadline.TotalMilliseconds:0} ms)");

        // Stepped down after the renew deadline (1.5 s from the last renewal, which was ≤ 0.2 s before the outage).
        Assert.True(clock.Elapsed >= RenewDeadline - Retry * 2, $"stepped down too early: {clock.Elapsed}");
        Assert.Equal(1, a.Stopped);

        // Once the server answers again, a (the only candidate) leads again.
        await WatchTests.WaitUntil(() => a.Elector.IsLeader);
        Assert.Equal(2, a.Started);
    }

    [Fact]
    public async Task RunAsync_ConcurrentCandidates_ConflictsDoNotMakeTwoLeaders()
    {
        await using var server = await KubeTestServer.StartAsync();
        var instances = Enumerable.Range(0, 4).Select(i => new Instance(server, $"i{i}")).ToList();
        try
        {
            instances.ForEach(i => i.Start());
            await WatchTests.WaitUntil(() => instances.Any(i => i.Elector.IsLeader));
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(2))
            {
                Assert.True(instances.Count(i => i.Elector.IsLeader) <= 1);
                await Task.Delay(5);
            }

            Assert.Equal(1, instances.Sum(i => i.Started));
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    [Fact]
    public void Options_RenewDeadlineNotBelowLease_RejectedWithEveryProblem()
    {
        var options = new LeaseElectionOptions
        {
            LeaseNamespace = "",
            LeaseName = "l",
            Identity = "me",
            LeaseDuration = TimeSpan.FromSeconds(10),
            RenewDeadline = TimeSpan.FromSeconds(10),
            RetryPeriod = TimeSpan.FromSeconds(12),
        };

        var errors = options.Validate();

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("LeaseNamespace", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("RenewDeadline", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("RetryPeriod", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => new LeaseElection(null!, options));
    }

    [Fact]
    public async Task RunAsync_WritesGatedOnIsLeader_OnlyOneInstanceWritesAcrossAHandover()
    {
        await using var server = await KubeTestServer.StartAsync();
        server.Seed(KubeResources.ConfigMaps, new System.Text.Json.Nodes.JsonObject { ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "owner", ["namespace"] = "kube-system" } });
        await using var a = new Instance(server, "a");
        await using var b = new Instance(server, "b");
        a.Start();
        await WatchTests.WaitUntil(() => a.Elector.IsLeader);
        b.Start();
        using var stopWritesA = new CancellationTokenSource();
        using var stopWritesB = new CancellationTokenSource();
        var writesA = a.WriteWhileLeadingAsync(stopWritesA.Token);
        var writesB = b.WriteWhileLeadingAsync(stopWritesB.Token);
        await Task.Delay(TimeSpan.FromSeconds(1));

        // A graceful stop: the instance stops its writers, then gives the lease up.
        await stopWritesA.CancelAsync();
        await writesA;
        await a.StopAsync();
        await WatchTests.WaitUntil(() => b.Elector.IsLeader);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await stopWritesB.CancelAsync();
        await writesB;

        var writers = server.Requests.Where(r => r.Verb == "patch" && r.Resource == "configmaps").Select(r => r.User).ToList();
        output.WriteLine($"{writers.Count} writes: {writers.Count(w => w == "a")} by a, then {writers.Count(w => w == "b")} by b");
        Assert.True(writers.Count(w => w == "a") > 3 && writers.Count(w => w == "b") > 3, string.Join(",", writers));
        Assert.Equal(writers.Count(w => w == "a"), writers.TakeWhile(w => w == "a").Count()); // all of a's writes come before any of b's
    }
}
