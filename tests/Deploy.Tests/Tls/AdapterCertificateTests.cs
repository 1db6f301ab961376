using System.Security.Cryptography.X509Certificates;
using System.Text;
using KernelTruth.Deploy.Tests.Rendering;

namespace KernelTruth.Deploy.Tests.Tls;

/// <summary>
/// The two ways the aggregator comes to trust the adapter: deploy/tls/adapter-cert.sh (openssl,
/// checked here for real: the certificate must verify against the caBundle it writes) and the
/// cert-manager overlay (checked for wiring: names and annotations that must agree).
/// </summary>
public sealed class AdapterCertificateTests
{
    // The aggregator dials <service>.<namespace>.svc and checks the certificate against that name.
    private const string ServiceHost = "ktruth-adapter.kernel-truth.svc";

    private static string Script => RepositoryRoot.Combine("deploy", "tls", "adapter-cert.sh");

    private static string MountedSecretName
    {
        get
        {
            var volume = Tree.Maps(RenderedDeploy.Recommender.PodSpec.GetValueOrDefault("volumes"))
                .Single(v => Equals(v.GetValueOrDefault("name"), "adapter-tls"));
            return (string)Tree.At(volume, "secret", "secretName")!;
        }
    }

    [Fact]
    public void Script_Print_WritesASecretWhoseCertificateVerifiesAgainstTheCaBundle()
    {
        var (exit, stdout, stderr) = ProcessRunner.Run("bash", [Script, "--print", "--days", "30"], "run deploy/tls/adapter-cert.sh (it needs bash and openssl)");
        Assert.True(exit == 0, $"adapter-cert.sh --print failed (exit {exit}): {stderr}");
        var docs = YamlTree.ParseDocuments(stdout, "adapter-cert.sh --print").Select(d => new KubeObject(d)).ToList();

        var secret = Assert.Single(docs, d => d.Kind == "Secret");
        Assert.Equal(MountedSecretName, secret.Name);
        Assert.Equal(RenderedDeploy.Namespace, secret.Namespace);
        Assert.Equal("kubernetes.io/tls", secret.Scalar("type"));

        var patched = docs.Where(d => d.Kind == "APIService").ToList();
        Assert.Equal(Manifests.ApiServiceTests.WithApis.Value.Where(o => o.Kind == "APIService").Select(a => a.Name).Order(), patched.Select(a => a.Name).Order());
        var bundles = patched.Select(a => a.Scalar("spec", "caBundle")).Distinct().ToList();
        Assert.Equal(secret.Scalar("data", "ca.crt"), Assert.Single(bundles));

        using var ca = X509Certificate2.CreateFromPem(Decode(bundles[0]!));
        using var serving = X509Certificate2.CreateFromPem(Decode(secret.Scalar("data", "tls.crt")!), Decode(secret.Scalar("data", "tls.key")!));
        Assert.True(serving.HasPrivateKey, "tls.key does not belong to tls.crt");

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1")); // serverAuth
        Assert.True(chain.Build(serving), "tls.crt does not chain to caBundle for server auth: " +
            string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));

        Assert.True(serving.MatchesHostname(ServiceHost), $"tls.crt is not valid for {ServiceHost}");
        Assert.False(serving.MatchesHostname("ktruth-adapter.other.svc"), "tls.crt is valid for a name it should not be");
        // --days 30: valid for 30 days from now (one day of slack for clock edges).
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        Assert.InRange(serving.NotAfter.ToUniversalTime(), now.AddDays(29), now.AddDays(31));
    }

    [Theory]
    [InlineData("--days", "0")]
    [InlineData("--days", "ten")]
    [InlineData("--bogus", "x")]
    public void Script_BadArguments_ExitTwoNamingTheArgument(string flag, string value)
    {
        var (exit, stdout, stderr) = ProcessRunner.Run("bash", [Script, flag, value, "--print"], "run deploy/tls/adapter-cert.sh");
        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.Contains(flag == "--days" ? "--days" : flag, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void CertManagerOverlay_InjectsTheCaOfTheCertificateTheRecommenderMounts()
    {
        var objects = Kustomize.Render(RepositoryRoot.Combine("deploy", "overlays", "cert-manager"));
        var certificate = Assert.Single(objects, o => o.Kind == "Certificate");
        Assert.Equal(MountedSecretName, certificate.Scalar("spec", "secretName"));
        Assert.Contains(ServiceHost, Tree.Strings(certificate.Map("spec")!.GetValueOrDefault("dnsNames")));
        var issuerName = certificate.Scalar("spec", "issuerRef", "name");
        Assert.Contains(objects, o => o.Kind == "Issuer" && o.Name == issuerName && o.Namespace == certificate.Namespace);

        var apiServices = objects.Where(o => o.Kind == "APIService").ToList();
        Assert.Equal(3, apiServices.Count);
        Assert.All(apiServices, a => Assert.Equal($"{certificate.Namespace}/{certificate.Name}",
            a.Scalar("metadata", "annotations", "cert-manager.io/inject-ca-from")));
        // The overlay adds to the install; it must not drop or rename anything the base renders.
        Assert.Empty(RenderedDeploy.Objects.Select(o => o.Id).Except(objects.Select(o => o.Id)));
    }

    private static string Decode(string base64) => Encoding.ASCII.GetString(Convert.FromBase64String(base64));
}
