using System.Net;
using System.Text.Json;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.Contracts.Sources;
using KernelTruth.Recommender.Input;
using KernelTruth.Recommender.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using static KernelTruth.Recommender.Tests.Input.SnapshotFactory;

namespace KernelTruth.Recommender.Tests.Input;

/// <summary>
/// The sensor client sends the recommender's token as a bearer token, asked for on every attempt: a rotated token
/// goes out on the next read (and on a retry), no token means no header.
/// </summary>
public sealed class SensorTokenTests : IDisposable
{
    private static readonly Uri Sensor = new("http://10.0.0.7:9470");
    private readonly List<ServiceProvider> _providers = [];

    public void Dispose() => _providers.ForEach(p => p.Dispose());

    [Fact]
    public async Task ReadAsync_TokenRotatesBetweenReads_EachReadSendsTheCurrentOne()
    {
        string token = "first";
        var seen = new List<string?>();
        var source = Http(Answer(seen), () => token);

        await source.ReadAsync(CancellationToken.None);
        token = "rotated";
        await source.ReadAsync(CancellationToken.None);

        Assert.Equal(["Bearer first", "Bearer rotated"], seen);
    }

    [Fact]
    public async Task ReadAsync_RetriedAfterRotation_RetrySendsTheNewToken()
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

        await Http(handler, () => token).ReadAsync(CancellationToken.None);

        Assert.Equal(["Bearer old", "Bearer new"], seen);
    }

    [Fact]
    public async Task ReadAsync_NoToken_NoAuthorizationHeader_And401NamesTheSensor()
    {
        var seen = new List<string?>();
        var handler = new ScriptedHttpHandler((request, _) =>
        {
            seen.Add(request.Headers.Authorization?.ToString());
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.Unauthorized));
        });

        var error = await Assert.ThrowsAsync<SnapshotSourceException>(() => Http(handler, () => null).ReadAsync(CancellationToken.None));

        Assert.Equal([null], seen); // 401 is not retried
        Assert.Equal("sensor http://10.0.0.7:9470/v1/snapshot answered 401 Unauthorized", error.Message);
    }

    private static ScriptedHttpHandler Answer(List<string?> seen) => new((request, _) =>
    {
        seen.Add(request.Headers.Authorization?.ToString());
        return Task.FromResult(Ok());
    });

    private static HttpResponseMessage Ok() =>
        new(HttpStatusCode.OK) { Content = new StringContent(JsonSerializer.Serialize(Node(At(1), Steady(1, 42, "/x")), SnapshotJsonContext.Default.NodeSnapshot)) };

    private HttpSnapshotSource Http(ScriptedHttpHandler handler, Func<string?> token)
    {
        var services = new ServiceCollection();
        services.AddSensorApi(TimeSpan.FromSeconds(30), token).ConfigurePrimaryHttpMessageHandler(() => handler);
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return new HttpSnapshotSource(provider.GetRequiredService<ISensorApi>(), Sensor);
    }
}
