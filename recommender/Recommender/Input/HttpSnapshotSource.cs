using System.Text.Json;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.Contracts.Sources;
using Polly.Timeout;
using Refit;

namespace KernelTruth.Recommender.Input;

/// <summary>
/// One node sensor reached over HTTP through <see cref="ISensorApi"/> (timeout and retries are the client's).
/// Unreachable, slow, non-200 and unparseable all end as <see cref="SnapshotSourceException"/> naming the URL (and the
/// node, when the caller knows it: the cluster finds sensors by their pods).
/// </summary>
public sealed class HttpSnapshotSource : ISnapshotSource
{
    private readonly ISensorApi _api;
    private readonly Uri _sensor;
    private readonly string _name;

    /// <param name="node">The node the sensor runs on, when known; it then names the sensor in errors and logs.</param>
    public HttpSnapshotSource(ISensorApi api, Uri sensor, string? node = null)
    {
        ArgumentNullException.ThrowIfNull(sensor);
        _api = api;
        _sensor = SensorAddressHandler.Root(sensor);
        SnapshotUrl = new Uri(_sensor, Configuration.RecommenderDefaults.SnapshotPath);
        _name = node is null ? SnapshotUrl.ToString() : $"{SnapshotUrl} (node '{node}')";
    }

    public Uri SnapshotUrl { get; }

    public async Task<NodeSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        string sensor = _name;
        try
        {
            return await _api.GetSnapshotAsync(_sensor, cancellationToken).ConfigureAwait(false)
                ?? throw new SnapshotSourceException(sensor, $"sensor {sensor} sent null instead of a snapshot");
        }
        catch (Exception ex) when (Find<SensorBodyTooLargeException>(ex) is { } tooLarge)
        {
            throw new SnapshotSourceException(sensor, $"sensor {sensor}: {tooLarge.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or ApiException && Find<IOException>(ex) is { } broken)
        {
            // The connection broke while the body was being read (a reset mid-answer): this sensor's failure, this round.
            throw new SnapshotSourceException(sensor, $"sensor {sensor} broke off its answer: {broken.Message}", ex);
        }
        catch (ApiException ex) when (ex.InnerException is JsonException parse)
        {
            throw new SnapshotSourceException(sensor, $"sensor {sensor} sent a body that is not a snapshot: {parse.Message}", ex);
        }
        catch (ApiException ex)
        {
            throw new SnapshotSourceException(sensor, $"sensor {sensor} answered {(int)ex.StatusCode} {ex.ReasonPhrase}", ex);
        }
        catch (ApiRequestException ex) when (ex.InnerException is TimeoutRejectedException timeout)
        {
            throw new SnapshotSourceException(sensor, $"sensor {sensor} did not answer within {timeout.Timeout.TotalSeconds:0.###} s", ex);
        }
        catch (ApiRequestException ex)
        {
            // Refit's wrapper of a transport failure: no connection, a reset, a broken body.
            throw new SnapshotSourceException(sensor, $"sensor {sensor} is unreachable: {ex.InnerException?.Message ?? ex.Message}", ex);
        }
    }

    /// <summary>The first <typeparamref name="T"/> in the chain of inner exceptions, the outer one included.</summary>
    private static T? Find<T>(Exception? ex)
        where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T found)
            {
                return found;
            }
        }

        return null;
    }

    public override string ToString() => _name;
}
