using KernelTruth.Contracts.Snapshot;
using Refit;

namespace KernelTruth.Recommender.Input;

/// <summary>
/// The node sensor's HTTP API as a Refit client. Which sensor is an argument, not the client's base
/// address, because sensors come and go (the cluster finds them among pods every cycle) while one client, with its
/// timeout and retries, serves them all: <see cref="SensorAddressHandler"/> points each request at its sensor.
/// Registered by <see cref="SensorApiRegistration.AddSensorApi"/>; read through <see cref="HttpSnapshotSource"/>.
/// </summary>
public interface ISensorApi
{
    /// <param name="sensor">The sensor's base URL, e.g. http://10.0.0.7:9470/ (the snapshot is below it).</param>
    [Get("/" + Configuration.RecommenderDefaults.SnapshotPath)]
    Task<NodeSnapshot?> GetSnapshotAsync([Property(SensorAddressHandler.SensorKey)] Uri sensor, CancellationToken cancellationToken);
}
