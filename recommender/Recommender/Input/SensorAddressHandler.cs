namespace KernelTruth.Recommender.Input;

/// <summary>
/// Sends each sensor request to the sensor its call names: Refit builds "{placeholder}/v1/snapshot" and puts the
/// sensor's base URL in the request's options; this puts the path below that URL, keeping any path the URL has
/// ("https://sensors.example/node-1" → "https://sensors.example/node-1/v1/snapshot").
/// </summary>
internal sealed class SensorAddressHandler : DelegatingHandler
{
    public const string SensorKey = "ktruth.sensor";

    /// <summary>What Refit's client is based on; never contacted.</summary>
    public static readonly Uri Placeholder = new("http://sensor.invalid/");

    private static readonly HttpRequestOptionsKey<Uri> Key = new(SensorKey);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(Key, out var sensor) && request.RequestUri is { } placeholder)
        {
            request.RequestUri = new Uri(Root(sensor), placeholder.PathAndQuery.TrimStart('/'));
        }

        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>"http://node:9470" and "http://node:9470/" both mean the sensor's root.</summary>
    public static Uri Root(Uri sensor) => sensor.AbsolutePath.EndsWith('/') ? sensor : new Uri(sensor + "/");
}
