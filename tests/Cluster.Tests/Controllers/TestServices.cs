using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using KernelTruth.Service;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace KernelTruth.Cluster.Tests.Controllers;

/// <summary>
/// ktruth-recommender hosts for the tests, each on loopback ports of its own and with a state file of its own. A free
/// port is found by binding port 0 and letting it go, so another process may take it before the host binds it (seen
/// once in CI as "address already in use"): a start that fails so is retried on new ports, up to five times.
/// </summary>
internal static class TestServices
{
    private const int Attempts = 5;

    /// <summary>Creates and starts a host from the flags <paramref name="args"/> makes for a set of free ports.</summary>
    /// <param name="logging">Where the host logs; nowhere by default.</param>
    public static async Task<(WebApplication Host, Ports Ports)> StartAsync(ClusterFixture cluster, string identity, Func<Ports, string[]> args, List<IDisposable> clients, Action<ILoggingBuilder>? logging = null)
    {
        for (int attempt = 1; ; attempt++)
        {
            var ports = new Ports(FreePort(), FreePort(), FreePort());
            var (options, errors) = ServiceOptions.Parse(args(ports), _ => null);
            Assert.Empty(errors);
            var client = cluster.Client(identity);
            clients.Add(client);
            var host = ServiceHost.Create(options!, client, logging: logging ?? (_ => { }));
            try
            {
                await host.StartAsync();
                return (host, ports);
            }
            catch (IOException ex) when (attempt < Attempts && ex.InnerException is AddressInUseException)
            {
                // The server starts after the hosted services: stop those (informers, election, the loop) first. Quartz
                // runs jobs only once the application has started, and its stop waits for that start, which never
                // comes: stop with a short deadline, and do without the last save of a host that never ran.
                using var quickly = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                try
                {
                    await host.StopAsync(quickly.Token);
                }
                catch (Exception stop) when (stop is OperationCanceledException or AggregateException)
                {
                }

                await host.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Asserts /healthz answers 200 within 10 s, failing with its last answer. Tests run the loop every 200 ms, so the
    /// liveness limit is 5 × 200 ms = 1 s, and a loaded CI machine can stall a host that long (a 503 right after a
    /// profile appeared was seen once); a host whose routines really stopped stays 503 and fails here. A kubelet
    /// judges the same way: several failed probes in a row, not one.
    /// </summary>
    public static async Task AssertLiveAsync(HttpClient http, int port)
    {
        string last = "";
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(10); await Task.Delay(100))
        {
            using var answer = await http.GetAsync($"http://127.0.0.1:{port}/healthz");
            if (answer.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            last = $"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}";
        }

        Assert.Fail("/healthz did not answer 200 within 10 s; last answer: " + last);
    }

    /// <summary>The flags every test host shares: namespace, identity, its ports, a short interval and its own state file.</summary>
    public static string[] Flags(string identity, Ports ports, string stateDirectory, params string[] more) =>
    [
        "--namespace", ClusterFixture.Ns, "--identity", identity,
        "--listen", $"127.0.0.1:{ports.Http}", "--adapter-listen", $"127.0.0.1:{ports.Https}",
        "--interval", "200ms", "--state", Path.Combine(stateDirectory, identity + ".json"),
        .. more,
    ];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Plain HTTP (health, /metrics), the adapter's HTTPS, and a third for KEDA's scaler when a test serves it.</summary>
    internal sealed record Ports(int Http, int Https, int Keda);
}
