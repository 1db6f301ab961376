using System.Net;
using System.Text.Json;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.Contracts.Sources;
using KernelTruth.Recommender.Input;
using KernelTruth.Recommender.Tests.Fakes;
using static KernelTruth.Recommender.Tests.Input.SnapshotFactory;

namespace KernelTruth.Recommender.Tests.Input;

/// <summary>The HTTP source: a good read, and every way a read fails, each naming the sensor.</summary>
public sealed class SnapshotSourceTests
{
    private static readonly Uri Sensor = new("http://10.0.0.7:9470");

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
    public async Task Http_ServiceUnavailable_ErrorNamesUrlAndStatus()
    {
        var error = await Assert.ThrowsAsync<SnapshotSourceException>(() => Http(ScriptedHttpHandler.Status(HttpStatusCode.ServiceUnavailable)).ReadAsync(CancellationToken.None));

        Assert.Equal("http://10.0.0.7:9470/v1/snapshot", error.Sensor);
        Assert.Equal("sensor http://10.0.0.7:9470/v1/snapshot answered 503 Service Unavailable", error.Message);
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

    private static HttpSnapshotSource Http(ScriptedHttpHandler handler, Uri? sensor = null, TimeSpan? timeout = null) =>
        new(new SensorClient(new HttpClient(handler)), sensor ?? Sensor, timeout ?? TimeSpan.FromSeconds(30), TimeProvider.System);
}
