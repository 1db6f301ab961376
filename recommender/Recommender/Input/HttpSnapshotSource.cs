using KernelTruth.Contracts.Snapshot;
using KernelTruth.Contracts.Sources;
using KernelTruth.Recommender.Configuration;

namespace KernelTruth.Recommender.Input;

/// <summary>
/// One node sensor reached over HTTP: GET {sensor}/v1/snapshot within a timeout. Unreachable,
/// slow, non-200 and unparseable all end as <see cref="SnapshotSourceException"/> naming the URL.
/// </summary>
internal sealed class HttpSnapshotSource : ISnapshotSource
{
    private readonly SensorClient _client;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;

    public HttpSnapshotSource(SensorClient client, Uri sensor, TimeSpan timeout, TimeProvider time)
    {
        _client = client;
        _timeout = timeout;
        _time = time;

        // "http://node:9470" and "http://node:9470/" both mean the sensor's root.
        var root = sensor.AbsolutePath.EndsWith('/') ? sensor : new Uri(sensor + "/");
        SnapshotUrl = new Uri(root, RecommenderDefaults.SnapshotPath);
    }

    public Uri SnapshotUrl { get; }

    public async Task<NodeSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await _client.GetSnapshotAsync(SnapshotUrl, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new SnapshotSourceException(SnapshotUrl.ToString(), $"sensor {SnapshotUrl} did not answer within {_timeout.TotalSeconds:0.###} s", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new SnapshotSourceException(SnapshotUrl.ToString(), $"sensor {SnapshotUrl} is unreachable: {ex.Message}", ex);
        }
    }

    public override string ToString() => SnapshotUrl.ToString();
}
