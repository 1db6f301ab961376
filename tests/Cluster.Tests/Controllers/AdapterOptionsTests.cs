using KernelTruth.Service;
using KernelTruth.Service.Adapter;

namespace KernelTruth.Cluster.Tests.Controllers;

/// <summary>ktruth-recommender's adapter flags and where its certificate comes from.</summary>
public sealed class AdapterOptionsTests
{
    private static readonly string[] Required = ["--namespace", "kernel-truth", "--identity", "r1"];

    [Fact]
    public void Parse_Defaults_AdapterOnHttps6443_NoCertificateFlags()
    {
        var (options, errors) = ServiceOptions.Parse(Required, _ => null);

        Assert.Empty(errors);
        Assert.Equal("0.0.0.0:6443", options!.AdapterListen);
        Assert.Equal("0.0.0.0:8080", options.Listen);
        Assert.Null(options.TlsCert);
        Assert.Null(options.TlsKey);
    }

    [Theory]
    [InlineData("--adapter-listen", "nowhere", "--adapter-listen must be IP:PORT")]
    [InlineData("--adapter-listen", "0.0.0.0:8080", "must differ")]
    [InlineData("--tls-cert", "/tmp/x.crt", "--tls-cert and --tls-key go together")]
    [InlineData("--tls-key", "/tmp/x.key", "--tls-cert and --tls-key go together")]
    public void Parse_BadAdapterFlags_NamedError(string flag, string value, string expected)
    {
        var (options, errors) = ServiceOptions.Parse([.. Required, flag, value], _ => null);

        Assert.Null(options);
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Files_FlagsWinOverTheMountedSecret()
    {
        var (options, _) = ServiceOptions.Parse([.. Required, "--tls-cert", "/a.crt", "--tls-key", "/a.key"], _ => null);

        Assert.Equal(("/a.crt", "/a.key"), AdapterTls.Files(options!, "/etc/ktruth/tls", _ => true));
    }

    [Fact]
    public void Files_NoFlags_MountedSecretWhenBothFilesExist_ElseSelfSigned()
    {
        var (options, _) = ServiceOptions.Parse(Required, _ => null);

        Assert.Equal(("/s/tls.crt", "/s/tls.key"), AdapterTls.Files(options!, "/s", _ => true));
        Assert.Equal((null, null), AdapterTls.Files(options!, "/s", f => f.EndsWith(".crt", StringComparison.Ordinal)));
        Assert.Equal((null, null), AdapterTls.Files(options!, "/s", _ => false));
    }

    [Fact]
    public void Load_NoFilesAnywhere_SelfSignedForTheServiceNames()
    {
        var (options, _) = ServiceOptions.Parse(Required, _ => null);

        using var certificate = AdapterTls.Load(options!, TimeProvider.System, "/nonexistent/ktruth-tls");

        Assert.True(certificate.IsSelfSigned);
        Assert.True(certificate.Current.MatchesHostname("ktruth-adapter.kernel-truth.svc"));
    }

    [Fact]
    public void Load_UnreadableCertificate_ArgumentExceptionNamingTheFile()
    {
        var (options, _) = ServiceOptions.Parse([.. Required, "--tls-cert", "/nonexistent/tls.crt", "--tls-key", "/nonexistent/tls.key"], _ => null);

        var ex = Assert.Throws<ArgumentException>(() => AdapterTls.Load(options!, TimeProvider.System));
        Assert.Contains("/nonexistent/tls.crt", ex.Message, StringComparison.Ordinal);
    }
}
