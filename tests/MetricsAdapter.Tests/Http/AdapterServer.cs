using System.Net;
using System.Security.Cryptography.X509Certificates;
using KernelTruth.Kubernetes.Reviews;
using KernelTruth.MetricsAdapter.Hosting;
using KernelTruth.MetricsAdapter.Security;
using KernelTruth.MetricsAdapter.Store;
using KernelTruth.MetricsAdapter.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KernelTruth.MetricsAdapter.Tests.Http;

/// <summary>The adapter on a real Kestrel over TLS on 127.0.0.1 (a free port), as a host wires it.</summary>
internal sealed class AdapterServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AdapterServer(WebApplication app, Uri address, X509Certificate2 serving)
    {
        _app = app;
        BaseAddress = address;
        ServingCertificate = serving;
    }

    public Uri BaseAddress { get; }

    public X509Certificate2 ServingCertificate { get; }

    public IServiceProvider Services => _app.Services;

    public MetricsStore Store => _app.Services.GetRequiredService<MetricsStore>();

    public MetricsAdapterFeed Feed => _app.Services.GetRequiredService<MetricsAdapterFeed>();

    public static async Task<AdapterServer> StartAsync(
        IPodAttributor? attributor = null,
        IAuthenticationConfigSource? auth = null,
        IAccessReviewer? access = null,
        ITokenReviewer? tokens = null,
        TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var serving = AdapterCertificates.CreateSelfSigned(TimeProvider.System, []);
        builder.WebHost.ConfigureKestrel(k => AdapterKestrel.ListenHttps(k, new IPEndPoint(IPAddress.Loopback, 0), serving));
        builder.Services.AddSingleton(attributor ?? new MapAttributor([]));
        builder.Services.AddSingleton(time ?? TimeProvider.System);
        if (auth is not null)
        {
            builder.Services.AddSingleton(auth);
        }

        if (access is not null)
        {
            builder.Services.AddSingleton(access);
        }

        if (tokens is not null)
        {
            builder.Services.AddSingleton(tokens);
        }

        builder.Services.AddKernelTruthMetricsAdapter(new MetricsAdapterOptions { RequireAuthentication = auth is not null });
        var app = builder.Build();
        app.UseKernelTruthMetricsAdapter();
        app.MapGet("/other", () => "other handler");
        await app.StartAsync().ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new AdapterServer(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)), serving);
    }

    /// <summary>A client trusting this server's certificate, presenting <paramref name="clientCertificate"/> if given.</summary>
    public HttpClient Client(X509Certificate2? clientCertificate = null, string? bearer = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == ServingCertificate.GetCertHashString(),
                LocalCertificateSelectionCallback = clientCertificate is null ? null : (_, _, _, _, _) => clientCertificate,
                ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            },
        };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        ServingCertificate.Dispose();
    }
}
