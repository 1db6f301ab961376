using System.Net;
using KernelTruth.NodeSensor.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace KernelTruth.NodeSensor.Tests.Hosting;

/// <summary>
/// The sensor's web app around a shared, already started runtime, on a loopback port the OS picks,
/// with a client for it. /metrics serves the runtime's own metrics registry.
/// </summary>
internal sealed class SensorApi : IAsyncDisposable
{
    /// <summary>Short, so the loop has run several times within the tests' waits.</summary>
    public static readonly TimeSpan LoopInterval = TimeSpan.FromMilliseconds(200);

    private readonly WebApplication _app;

    private SensorApi(WebApplication app, Uri address)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    /// <param name="options">Applied over AllCgroups and the short loop interval (log level, auth).</param>
    public static async Task<SensorApi> StartAsync(SensorRuntime runtime, CancellationToken cancellationToken, Func<SensorOptions, SensorOptions>? options = null, Action<Microsoft.Extensions.Logging.ILoggingBuilder>? logging = null)
    {
        var settings = new SensorOptions { AllCgroups = true, Interval = LoopInterval };
        var app = SensorWebApp.Create(options?.Invoke(settings) ?? settings, runtime, new IPEndPoint(IPAddress.Loopback, 0), logging ?? (_ => { }));
        try
        {
            await app.StartAsync(cancellationToken);

            // Port 0 lets the OS pick a free port; Kestrel reports the one it bound after start.
            string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            return new SensorApi(app, new Uri(address));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>GETs <paramref name="path"/> until it answers <paramref name="expected"/> or <paramref name="within"/> passes; returns the last answer.</summary>
    public async Task<(HttpStatusCode Status, string Body)> GetUntilAsync(string path, HttpStatusCode expected, TimeSpan within, CancellationToken cancellationToken)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(within.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (true)
        {
            using var response = await Client.GetAsync(path, cancellationToken);
            string body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode == expected || TimeProvider.System.GetTimestamp() >= deadline)
            {
                return (response.StatusCode, body);
            }

            await Task.Delay(LoopInterval / 4, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => _app.StopAsync(cancellationToken);

    /// <summary>Disposes the app, not the runtime: the runtime is the fixture's (DI does not dispose instances it was given).</summary>
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}
