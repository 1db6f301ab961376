using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.Contracts.Sources;

namespace KernelTruth.Recommender.Input;

/// <summary>
/// Typed HttpClient for the sensor API (registered through IHttpClientFactory). Parses the body
/// with the sensor's own source-generated contract, stricter than the sensor writes it: a null
/// where the contract has none, or a missing constructor field, is a parse error here rather than
/// a NullReferenceException later.
/// </summary>
internal sealed class SensorClient(HttpClient http)
{
    private static readonly JsonTypeInfo<NodeSnapshot> SnapshotType = (JsonTypeInfo<NodeSnapshot>)new JsonSerializerOptions(SnapshotJsonContext.Default.Options)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    }.GetTypeInfo(typeof(NodeSnapshot));

    /// <summary>GET <paramref name="snapshotUrl"/>; every failure is a <see cref="SnapshotSourceException"/> naming it.</summary>
    public async Task<NodeSnapshot> GetSnapshotAsync(Uri snapshotUrl, CancellationToken cancellationToken)
    {
        string sensor = snapshotUrl.ToString();
        using var response = await http.GetAsync(snapshotUrl, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new SnapshotSourceException(sensor, $"sensor {sensor} answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            try
            {
                return await JsonSerializer.DeserializeAsync(body, SnapshotType, cancellationToken).ConfigureAwait(false)
                    ?? throw new SnapshotSourceException(sensor, $"sensor {sensor} sent null instead of a snapshot");
            }
            catch (JsonException ex)
            {
                throw new SnapshotSourceException(sensor, $"sensor {sensor} sent a body that is not a snapshot: {ex.Message}", ex);
            }
        }
    }
}
