using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KernelTruth.MetricsAdapter.Hosting;
using KernelTruth.MetricsAdapter.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KernelTruth.MetricsAdapter.Tests.Hosting;

/// <summary>
/// A running adapter endpoint whose certificate files are swapped the way the kubelet updates a mounted Secret
/// (new files in a fresh timestamped directory, then the "..data" symlink replaced): the next connection after
/// the check interval gets the new certificate, and a half-updated pair keeps the old one.
/// </summary>
public sealed class ServingCertificateTests : IDisposable
{
    private readonly string _mount = Directory.CreateTempSubdirectory("ktruth-tls-").FullName;
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(_mount, recursive: true);

    [Fact]
    public async Task Current_FilesSwappedUnderARunningServer_NextConnectionAfterTheIntervalGetsTheNewCertificate()
    {
        var (firstCert, firstKey) = NewPair("first");
        Publish(firstCert, firstKey, generation: 1);
        using var serving = ServingCertificate.LoadOrCreate(CertFile, KeyFile, _clock);
        await using var app = await StartAsync(serving);

        Assert.Equal("CN=first", await PresentedSubjectAsync(app));
        var (secondCert, secondKey) = NewPair("second");
        Publish(secondCert, secondKey, generation: 2);

        // Within the interval the files are not looked at again.
        Assert.Equal("CN=first", await PresentedSubjectAsync(app));
        _clock.Advance(ServingCertificate.CheckInterval);
        Assert.Equal("CN=second", await PresentedSubjectAsync(app));
    }

    [Fact]
    public async Task Current_CertificateReplacedBeforeItsKey_KeepsTheOldOneUntilThePairLoads()
    {
        var (firstCert, firstKey) = NewPair("first");
        Publish(firstCert, firstKey, generation: 1);
        using var serving = ServingCertificate.LoadOrCreate(CertFile, KeyFile, _clock);
        await using var app = await StartAsync(serving);
        var (secondCert, secondKey) = NewPair("second");

        Publish(secondCert, firstKey, generation: 2); // a key that does not match the certificate
        _clock.Advance(ServingCertificate.CheckInterval);
        Assert.Equal("CN=first", await PresentedSubjectAsync(app));

        Publish(secondCert, secondKey, generation: 3);
        _clock.Advance(ServingCertificate.CheckInterval);
        Assert.Equal("CN=second", await PresentedSubjectAsync(app));
    }

    [Fact]
    public void LoadOrCreate_NoFiles_SelfSignedAndNeverReloaded()
    {
        using var serving = ServingCertificate.LoadOrCreate(null, null, _clock);

        Assert.True(serving.IsSelfSigned);
        var first = serving.Current;
        _clock.Advance(ServingCertificate.CheckInterval * 3);
        Assert.Same(first, serving.Current);
    }

    private string CertFile => Path.Combine(_mount, "tls.crt");

    private string KeyFile => Path.Combine(_mount, "tls.key");

    /// <summary>What the kubelet does: the files in a new directory, "..data" pointed at it, tls.* link through "..data".</summary>
    private void Publish(string certPem, string keyPem, int generation)
    {
        string version = $"..2026_12_07_12_00_0{generation}";
        Directory.CreateDirectory(Path.Combine(_mount, version));
        File.WriteAllText(Path.Combine(_mount, version, "tls.crt"), certPem);
        File.WriteAllText(Path.Combine(_mount, version, "tls.key"), keyPem);
        // The kubelet renames a new link over "..data" (atomic); deleting and re-linking is the same for a
        // test that only looks between swaps.
        string data = Path.Combine(_mount, "..data");
        if (Path.Exists(data))
        {
            File.Delete(data);
        }

        File.CreateSymbolicLink(data, version);
        foreach (string name in new[] { "tls.crt", "tls.key" })
        {
            if (!File.Exists(Path.Combine(_mount, name)))
            {
                File.CreateSymbolicLink(Path.Combine(_mount, name), Path.Combine("..data", name));
            }
        }
    }

    private static (string CertPem, string KeyPem) NewPair(string cn)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={cn}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddMinutes(-5), TimeProvider.System.GetUtcNow().AddDays(1));
        return (cert.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    private static async Task<WebApplication> StartAsync(ServingCertificate serving)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => AdapterKestrel.ListenHttps(k, new IPEndPoint(IPAddress.Loopback, 0), serving));
        var app = builder.Build();
        app.MapGet("/", () => "ok");
        await app.StartAsync();
        return app;
    }

    /// <summary>The subject of the certificate a fresh TLS connection is shown.</summary>
    private static async Task<string> PresentedSubjectAsync(WebApplication app)
    {
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, address.Port);
        string? subject = null;
        await using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) =>
        {
            subject = certificate?.Subject;
            return true;
        });
        await tls.AuthenticateAsClientAsync("127.0.0.1");
        return subject ?? throw new InvalidOperationException("no certificate presented");
    }
}
