using KernelTruth.Cli.Commands;
using KernelTruth.Cli.Configuration;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.Kubernetes.Reviews;
using KernelTruth.MetricsAdapter.Hosting;
using KernelTruth.MetricsAdapter.Security;
using KernelTruth.MetricsAdapter.Store;
using KernelTruth.NodeSensor.Prometheus;
using KernelTruth.Recommender.Output;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KernelTruth.Cli.Watching;

/// <summary>
/// `ktruth watch --serve`: the metrics adapter on one host. Every tracked cgroup is a pod in
/// namespace <c>host</c> (<see cref="HostPodAttributor"/> documents the names); the sensor's
/// metrics are at /metrics (<see cref="SensorMetricsEndpoints"/>). Without --client-ca/--requestheader-ca nothing is authenticated,
/// which <see cref="ServeSettings"/> allows on loopback only; with them, client certificates are
/// checked and every authenticated user may read (there is no API server to ask).
/// </summary>
internal sealed class WatchServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WatchServer(WebApplication app, Uri address)
    {
        _app = app;
        Sink = new MetricsAdapterSink(app.Services.GetRequiredService<MetricsAdapterFeed>());
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The watch loop's sink for what is served: each loop's snapshots in, the values replaced.</summary>
    public ILoopSink Sink { get; }

    /// <exception cref="CliFailure">The certificate or a CA file does not load, or the address cannot be bound.</exception>
    /// <param name="metrics">The in-process sensor's metrics, served at /metrics; null serves no /metrics.</param>
    public static async Task<WatchServer> StartAsync(ServeSettings serve, SensorMetrics? metrics, CliEnvironment env, CancellationToken ct)
    {
        var endpoint = serve.Endpoint ?? throw new CliFailure($"--serve '{serve.Address}' is not ADDRESS:PORT");
        ServingCertificate certificate;
        try
        {
            certificate = ServingCertificate.LoadOrCreate(serve.TlsCert, serve.TlsKey, env.Time);
            certificate.Logger = env.Loggers.CreateLogger<ServingCertificate>();
        }
        catch (ArgumentException ex)
        {
            throw new CliFailure(ex.Message);
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(env.Loggers);
        builder.WebHost.ConfigureKestrel(k => AdapterKestrel.ListenHttps(k, endpoint, certificate));
        builder.Services.AddSingleton(_ => certificate); // a factory registration, so the host disposes it
        builder.Services.AddSingleton(env.Time);
        builder.Services.AddSingleton<IPodAttributor>(new HostPodAttributor());
        if (serve.RequiresAuthentication)
        {
            var source = new FileAuthenticationConfigSource(serve.RequestHeaderCa, serve.AllowedNames, serve.ClientCa);
            await CheckLoadsAsync(source, ct).ConfigureAwait(false);
            builder.Services.AddSingleton<IAuthenticationConfigSource>(source);
            builder.Services.AddSingleton<IAccessReviewer>(new AuthenticatedUsersAllowed());
        }

        builder.Services.AddKernelTruthMetricsAdapter(new MetricsAdapterOptions { RequireAuthentication = serve.RequiresAuthentication });
        var app = builder.Build();
        app.UseKernelTruthMetricsAdapter();
        if (metrics is not null)
        {
            app.MapSensorMetrics(metrics);
        }

        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new CliFailure($"--serve {serve.Address}: cannot listen there: {ex.Message}");
        }

        string bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var address = new Uri(bound);
        await env.Error.WriteLineAsync($"ktruth: serving custom.metrics.k8s.io, external.metrics.k8s.io{(metrics is null ? "" : " and /metrics")} on {address} (namespace 'host'; {(serve.RequiresAuthentication ? "client certificates required" : "no authentication, loopback only")})").ConfigureAwait(false);
        return new WatchServer(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task CheckLoadsAsync(FileAuthenticationConfigSource source, CancellationToken ct)
    {
        try
        {
            AuthenticationConfig.FromConfigMap(await source.ReadAsync(ct).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            throw new CliFailure($"--client-ca/--requestheader-ca: {ex.Message}");
        }
    }
}
