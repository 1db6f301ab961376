using System.Net;
using System.Net.Sockets;
using KernelTruth.Kube.Client;
using KernelTruth.Kube.Configuration;
using KernelTruth.Kube.Model;
using KernelTruth.Kube.Resources;
using KernelTruth.Kube.Tests.Fakes;

namespace KernelTruth.Kube.Tests.Client;

/// <summary>A server that accepts connections and never answers: the request timeout decides.</summary>
public sealed class TimeoutTests : IDisposable
{
    private readonly TcpListener _silent = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _accepted = [];
    private readonly CancellationTokenSource _stop = new();

    public TimeoutTests()
    {
        _silent.Start();
        _ = AcceptAsync();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _silent.Stop();
        lock (_accepted)
        {
            _accepted.ForEach(s => s.Dispose());
        }

        _stop.Dispose();
    }

    private int Connections
    {
        get { lock (_accepted) return _accepted.Count; }
    }

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMilliseconds(300);
    private readonly RecordingTimeProvider _time = new();

    private KubeClient Client() => new(
        new KubeClientConfig { Server = new Uri($"https://127.0.0.1:{((IPEndPoint)_silent.LocalEndpoint).Port}"), Token = KubeTokenSource.Fixed("t"), InsecureSkipTlsVerify = true },
        ServerAndClient.FastRetries with { RequestTimeout = RequestTimeout, MaxRetries = 2 },
        _time);

    /// <summary>Each attempt arms one request-timeout timer.</summary>
    private int Attempts => _time.DueTimes.Count(d => d == RequestTimeout);

    [Fact]
    public async Task CreateAsync_NoAnswer_TimeoutNotRetried()
    {
        using var client = Client();

        var e = await Assert.ThrowsAsync<TimeoutException>(() =>
            client.CreateAsync(KubeResources.ConfigMaps, "default", new ConfigMap { Metadata = new ObjectMeta { Name = "a" } }, KubeJsonContext.Default.ConfigMap));

        Assert.Contains("not retried", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, Attempts);
        await WatchTests.WaitUntil(() => Connections >= 1);
        Assert.Equal(1, Connections);
    }

    [Fact]
    public async Task GetAsync_NoAnswer_RetriedThenTimesOut()
    {
        using var client = Client();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.GetAsync(KubeResources.ConfigMaps, "default", "a", KubeJsonContext.Default.ConfigMap));

        Assert.Equal(3, Attempts); // the first try and two retries
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _silent.AcceptSocketAsync(_stop.Token);
                lock (_accepted)
                {
                    _accepted.Add(socket);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
