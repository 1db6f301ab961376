using System.Text.Json;
using KernelTruth.Contracts.Cgroups;
using KernelTruth.Contracts.Snapshot;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using static KernelTruth.Recommender.Tests.Input.SnapshotFactory;

namespace KernelTruth.Cluster.Tests.Controllers;

/// <summary>
/// A sensor's HTTP endpoint on loopback serving NodeSnapshot JSON: reading k of two pod containers
/// (<see cref="Steady"/> loads 1 and 2) on every GET, k counting up; can be made to fail.
/// </summary>
internal sealed class FakeSensor : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _reading;
    private int _refused;
    private int _lastServed = -1;

    private FakeSensor(WebApplication app) => _app = app;

    public (string PodUid, string ContainerId)[] Containers { get; private init; } = [];

    public bool Failing { get; set; }

    /// <summary>How it misbehaves, when it does: the failure drills' sensor faults (Failing is a plain 500).</summary>
    public SensorFault Fault { get; set; }

    /// <summary>When set, a read without "Authorization: Bearer" and this token is refused with 401, as a sensor run with --auth kubernetes refuses it.</summary>
    public string? RequiredToken { get; set; }

    /// <summary>Reads refused for want of the token.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>
    /// When set, readings are stamped from this wall-clock start (Unix ns) instead of the factory's fixed 2025 date,
    /// for consumers that age data against the real clock (the metrics adapter).
    /// </summary>
    public long? TimeBaseUnixNs { get; set; }

    public int Port { get; private set; }

    public int Readings => Volatile.Read(ref _reading);

    /// <summary>The k of the last reading served (readings skipped during a <see cref="Fault"/> included in the count).</summary>
    public int LastServed => Volatile.Read(ref _lastServed);

    public static async Task<FakeSensor> StartAsync(string node, params (string PodUid, string ContainerId)[] containers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var sensor = new FakeSensor(app) { Containers = containers };
        app.MapGet("/v1/snapshot", async (HttpContext context) =>
        {
            if (sensor.Failing)
            {
                return Results.StatusCode(500);
            }

            // A node's counters move on while its sensor misbehaves: the reading after a fault spans the gap.
            if (sensor.Fault != SensorFault.None)
            {
                Interlocked.Increment(ref sensor._reading);
            }

            switch (sensor.Fault)
            {
                case SensorFault.Hang:
                    await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                    return Results.Empty;
                case SensorFault.Garbage:
                    return Results.Text("<html><body>502 Bad Gateway</body></html>", "application/json");
                case SensorFault.ResetMidBody:
                    // Promise a body, send a piece of it, and break the connection.
                    context.Response.ContentLength = 10_000;
                    await context.Response.WriteAsync("{\"apiVersion\":\"ktruth.io/v1\",\"node\":");
                    await context.Response.Body.FlushAsync();
                    context.Abort();
                    return Results.Empty;
            }

            if (sensor.RequiredToken is { } token && context.Request.Headers.Authorization.ToString() != "Bearer " + token)
            {
                Interlocked.Increment(ref sensor._refused);
                return Results.StatusCode(401);
            }

            int k = Interlocked.Increment(ref sensor._reading) - 1;
            Volatile.Write(ref sensor._lastServed, k);
            var cgroups = containers.Select((c, i) => Steady(k, (ulong)(100 + i), $"/kubepods/burstable/pod{c.PodUid}/{c.ContainerId}", load: (ulong)(i + 1))
                with { Identity = new CgroupIdentity("pod-container", c.PodUid, c.ContainerId, "containerd", "burstable") }).ToArray();
            var snapshot = Node(At(k), cgroups) with { Node = node };
            if (sensor.TimeBaseUnixNs is { } start)
            {
                snapshot = snapshot with { TakenAtUnixNs = start + (long)At(k) };
            }

            return Results.Text(JsonSerializer.Serialize(snapshot, SnapshotJsonContext.Default.NodeSnapshot), "application/json");
        });
        await app.StartAsync();
        sensor.Port = new Uri(app.Urls.First()).Port;
        return sensor;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>What a <see cref="FakeSensor"/> does wrong: never answer, answer with something that is no snapshot, or break off mid-body.</summary>
public enum SensorFault
{
    None,
    Hang,
    Garbage,
    ResetMidBody,
}
