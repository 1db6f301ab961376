using System.Net;
using System.Text.Json;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.Contracts.Sources;
using KernelTruth.Recommender.Configuration;
using KernelTruth.Recommender.Input;
using KernelTruth.Recommender.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using static KernelTruth.Recommender.Tests.Input.SnapshotFactory;

namespace KernelTruth.Recommender.Tests.Input;

/// <summary>
/// The HTTP source over the Refit client as hosts register it (timeout and retries included), with a scripted
/// handler in place of the network: a good read, retries, and every way a read fails, each naming the sensor; the
/// recommender's token as a bearer token, asked for on every attempt (a rotated token goes out on the next read and on
/// a retry), no token no header.
/// </summary>
public sealed class SnapshotSourceTests : IDisposable
{
    private static readonly Uri Sensor = new("http://10.0.0.7:9470");
    private readonly List<ServiceProvider> _providers = [];

    public void Dispose() => _providers.ForEach(p => p.Dispose());

    [Theory]
    [InlineData("http://10.0.0.7:9470", "http://10.0.0.7:9470/v1/snapshot")]
    [InlineData("http://10.0.0.7:9470/", "http://10.0.0.7:9470/v1/snapshot")]
    [InlineData("https://sensors.example/node-1", "https://sensors.example/node-1/v1/snapshot")]
    public void Http_BaseUrl_SnapshotUrlBelowIt(string baseUrl, string expected)
    {
        var source = Http(ScriptedHttpHandler.Status(HttpStatusCode.OK), new Uri(baseUrl));

        Assert.Equal(expected, source.SnapshotUrl.ToString());
    }

    [Fact]
    public async Task Http_OkWithSnapshot_ParsedAsTheSensorWroteIt()
    {
        var sent = Node(At(3), Steady(3, 42, "/x"), Steady(3, 43, "/y", load: 2));
        var handler = ScriptedHttpHandler.Status(HttpStatusCode.OK, JsonSerializer.Serialize(sent, SnapshotJsonContext.Default.NodeSnapshot));

        var read = await Http(handler).ReadAsync(CancellationToken.None);

        Assert.Equal(new Uri("http://10.0.0.7:9470/v1/snapshot"), Assert.Single(handler.Requests));
        Assert.Equal(JsonSerializer.Serialize(sent, SnapshotJsonContext.Default.NodeSnapshot), JsonSerializer.Serialize(read, SnapshotJsonContext.Default.NodeSnapshot));
    }

    [Fact]
    public async Task Http_ServiceUnavailable_RetriedThenErrorNamesUrlAndStatus()
    {
        var handler = ScriptedHttpHandler.Status(HttpStatusCode.ServiceUnavailable);

        var error = await Assert.ThrowsAsync<SnapshotSourceException>(() => Http(handler).ReadAsync(CancellationToken.None));

        Assert.Equal("http://10.0.0.7:9470/v1/snapshot", error.Sensor);
        Assert.Equal("sensor http://10.0.0.7:9470/v1/snapshot answered 503 Service Unavailable", error.Message);
        Assert.Equal(1 + RecommenderDefaults.SensorRetries, handler.Requests.Count);
    }

    [Fact]
    public async Task Http_TwoFailuresThenOk_ReadOnTheThirdTry()
    {
        var sent = Node(At(1), Steady(1, 42, "/x"));
        int calls = 0;
        var handler = new ScriptedHttpHandler((_, _) => Task.FromResult(Interlocked.Increment(ref calls) switch
        {
            1 => new HttpResponseMessage(HttpStatusCode.BadGateway),
            2 => throw new HttpRequestException("Connection reset by peer"),
            _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(JsonSerializer.Serialize(sent, SnapshotJsonContext.Default.NodeSnapshot)) },
        }));

        var read = await Http(handler).ReadAsync(CancellationToken.None);

        Assert.Equal(sent.TakenAtUnixNs, read.TakenAtUnixNs);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task Http_NotFound_NotRetried()
    {
        var handler = ScriptedHttpHandler.Status(HttpStatusCode.NotFound);

        var error = await Assert.ThrowsAsync<SnapshotSourceException>(() => Http(handler).ReadAsync(CancellationToken.None));

        Assert.Equal("sensor http://10.0.0.7:9470/v1/snapshot answered 404 Not Found", error.Message);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData("<html>oops</html>")]
    [InlineData("{\"apiVersion\":\"ktruth.io/v1\"}")] // required fields missing
    [InlineData("{\"apiVersion\":\"ktruth.io/v1\",\"node\":null,\"kernel\":\"6.18\",\"cgroupVersion\":1,\"periodUsageSource\":\"window\",\"takenAtUnixNs\":1,\"monotonicNs\":1,\"cgroups\":[]}")]
    [InlineData("{\"apiVersion\":\"ktruth.io/v1\",\"node\":\"n\",\"kernel\":\"6.18\",\"cgroupVersion\":1,\"periodUsageSource\":\"window\",\"takenAtUnixNs\":\"soon\",\"monotonicNs\":1,\"cgroups\":[]}")]
    [InlineData("null")]
    [InlineData("")]
    public async Task Http_BodyNotASnapshot_ErrorNamesUrl(string body)
    {
        var error = await Assert.ThrowsAsync<SnapshotSourceException>(() => Http(ScriptedHttpHandler.Status(HttpStatusCode.OK, body)).ReadAsync(CancellationToken.None));

        Assert.StartsWith("sensor http://10.0.0.7:9470/v1/snapshot sent ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_SensorNeverAnswers_TimeoutErrorNamesUrl()
    {
        // Outcome only, no timing: a real 100 ms timer ends a request that would otherwise wait forever.
        var source = Http(ScriptedHttpHandler.Hung(), timeout: TimeSpan.FromMilliseconds(100));

        var error = await Assert.ThrowsAsync<SnapshotSourceException>(() => source.ReadAsync(CancellationToken.None));

        Assert.Equal("sensor http://10.0.0.7:9470/v1/snapshot did not answer within 0.1 s", error.Message);
    }

    [Fact]
    public async Task Http_ConnectionRefused_UnreachableErrorNamesUrl()
    {
        var handler = new ScriptedHttpHandler((_, _) => throw new HttpRequestException("Connection refused (10.0.0.7:9470)"));

        var error = await Assert.ThrowsAsync<SnapshotSourceException>(() => Http(handler).ReadAsync(CancellationToken.None));

        Assert.Equal("sensor http://10.0.0.7:9470/v1/snapshot is unreachable: Connection refused (10.0.0.7:9470)", error.Message);
    }

    [Fact]
    public async Task Http_CallerCancels_CancellationNotAnError()
    {
        using var cts = new CancellationTokenSource();
        var read = Http(ScriptedHttpHandler.Hung()).ReadAsync(cts.Token);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
    }

    [Fact]
    public async Task Http_TokenRotatesBetweenReads_EachReadSendsTheCurrentOne()
    {
        string token = "first";
        var seen = new List<string?>();
        var source = Http(Answer(seen), token: () => token);

        await source.ReadAsync(CancellationToken.None);
        token = "rotated";
        await source.ReadAsync(CancellationToken.None);

        Assert.Equal(["Bearer first", "Bearer rotated"], seen);
    }

    [Fact]
    public async Task Http_RetriedAfterRotation_RetrySendsTheNewToken()
    {
        int calls = 0;
        string token = "old";
        var seen = new List<string?>();
        var handler = new ScriptedHttpHandler((request, _) =>
        {
            seen.Add(request.Headers.Authorization?.ToString());
            if (Interlocked.Increment(ref calls) == 1)
            {
                token = "new"; // rotated while the first attempt was out
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
            }

            return Task.FromResult(Ok());
        });

        await Http(handler, token: () => token).ReadAsync(CancellationToken.None);

        Assert.Equal(["Bearer old", "Bearer new"], seen);
    }

    [Fact]
    public async Task Http_NoToken_NoAuthorizationHeader_And401NamesTheSensor()
    {
        var seen = new List<string?>();
        var handler = new ScriptedHttpHandler((request, _) =>
        {
            seen.Add(request.Headers.Authorization?.ToString());
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.Unauthorized));
        });

        var error = await Assert.ThrowsAsync<SnapshotSourceException>(() => Http(handler, token: () => null).ReadAsync(CancellationToken.None));

        Assert.Equal([null], seen); // 401 is not retried
        Assert.Equal("sensor http://10.0.0.7:9470/v1/snapshot answered 401 Unauthorized", error.Message);
    }

    [Fact]
    public async Task Http_ConnectionResetMidBody_ThatSensorsFailureNamingIt()
    {
        byte[] start = System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(Node(At(1), Steady(1, 42, "/x")), SnapshotJsonContext.Default.NodeSnapshot))[..40];
        var handler = new ScriptedHttpHandler((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new BreakingStream(start)) }));

        var error = await Assert.ThrowsAsync<SnapshotSourceException>(() => Http(handler).ReadAsync(CancellationToken.None));

        Assert.StartsWith("sensor http://10.0.0.7:9470/v1/snapshot ", error.Message, StringComparison.Ordinal);
        Assert.Contains(BreakingStream.Reset, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_BodyDeclaredOverTheBound_RefusedUnreadNotRetried()
    {
        var handler = ScriptedHttpHandler.Status(HttpStatusCode.OK, new string(' ', 2000));

        var error = await Assert.ThrowsAsync<SnapshotSourceException>(() => Http(handler, maxBodyBytes: 1000).ReadAsync(CancellationToken.None));

        Assert.Equal("sensor http://10.0.0.7:9470/v1/snapshot: its answer is 2000 bytes, over the 1000-byte bound on a snapshot; refused unread", error.Message);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Http_BodyUndeclaredOverTheBound_CutOffAtTheBound()
    {
        // No Content-Length (a stream of unknown length, as a chunked answer): read until the bound, then refused.
        var handler = new ScriptedHttpHandler((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new BreakingStream(new byte[5000], endless: true)) }));

        var error = await Assert.ThrowsAsync<SnapshotSourceException>(() => Http(handler, maxBodyBytes: 1000).ReadAsync(CancellationToken.None));

        Assert.Equal("sensor http://10.0.0.7:9470/v1/snapshot: its answer went past the 1000-byte bound on a snapshot; cut off", error.Message);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public void MaxSnapshotBytes_HoldsTheSensorsLargestSnapshot()
    {
        // The bound's arithmetic: 65 536 cgroups (the sensor's --max-cgroups ceiling) at what one cgroup costs in JSON.
        string Json(int cgroups) => JsonSerializer.Serialize(Node(At(1), [.. Enumerable.Range(0, cgroups).Select(i => Steady(1, (ulong)i, $"/kubepods/burstable/pod{Guid.NewGuid()}/{new string('a', 64)}"))]), SnapshotJsonContext.Default.NodeSnapshot);
        double perCgroup = (Json(100).Length - Json(0).Length) / 100.0;

        Assert.InRange(perCgroup * 65_536, 1, RecommenderDefaults.MaxSnapshotBytes);
    }

    private static ScriptedHttpHandler Answer(List<string?> seen) => new((request, _) =>
    {
        seen.Add(request.Headers.Authorization?.ToString());
        return Task.FromResult(Ok());
    });

    private static HttpResponseMessage Ok() =>
        new(HttpStatusCode.OK) { Content = new StringContent(JsonSerializer.Serialize(Node(At(1), Steady(1, 42, "/x")), SnapshotJsonContext.Default.NodeSnapshot)) };

    private HttpSnapshotSource Http(ScriptedHttpHandler handler, Uri? sensor = null, TimeSpan? timeout = null, Func<string?>? token = null, long maxBodyBytes = RecommenderDefaults.MaxSnapshotBytes)
    {
        var services = new ServiceCollection();
        services.AddSensorApi(timeout ?? TimeSpan.FromSeconds(30), token, maxBodyBytes).ConfigurePrimaryHttpMessageHandler(() => handler);
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return new HttpSnapshotSource(provider.GetRequiredService<ISensorApi>(), sensor ?? Sensor);
    }
}
