using KernelTruth.Cli.Tests.Fakes;
using KernelTruth.Kube.TestServer;
using KernelTruth.Reports.Input;
using YamlDotNet.RepresentationModel;

namespace KernelTruth.Cli.Tests.Profiles;

/// <summary>
/// `ktruth get` against the in-process API server through the real KubernetesClient: what it lists, how, and the one
/// line and exit code for each way it fails. Prices are the defaults ($0.031611 per core-hour, $0.004237 per GiB-hour,
/// 730 h a month).
/// </summary>
public sealed class GetCommandTests
{
    [Fact]
    public async Task Get_AllNamespacesYaml_ListsEveryProfileWithItsStatus()
    {
        await using var cluster = await ProfileCluster.StartAsync();

        var (code, output, error) = cluster.Ktruth("get", "-A", "-o", "yaml");

        Assert.True(code == 0, error);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(output));
        var list = (YamlMappingNode)yaml.Documents.Single().RootNode;
        Assert.Equal("List", Scalar(list, "kind"));
        var items = ((YamlSequenceNode)list["items"]).Cast<YamlMappingNode>().ToList();
        Assert.Equal(
            ["billing/deployment-api-server", "shop/deployment-web-app", "shop/statefulset-db-postgres"],
            items.Select(p => $"{Scalar(p, "metadata", "namespace")}/{Scalar(p, "metadata", "name")}"));
        var web = items.Single(p => Scalar(p, "metadata", "name") == "deployment-web-app");
        Assert.Equal("800m", Scalar(web, "status", "recommendation", "cpuLimit"));
        Assert.Equal("0.008", Scalar(web, "status", "predicted", "throttledPeriodsRatio"));
    }

    private static string? Scalar(YamlMappingNode node, params string[] path) =>
        path.Aggregate((YamlNode)node, (n, key) => ((YamlMappingNode)n)[key]) is YamlScalarNode scalar ? scalar.Value : null;

    [Fact]
    public async Task Get_Namespace_TableShowsNowToRecommendedThrottlingAndCost()
    {
        await using var cluster = await ProfileCluster.StartAsync();

        var (code, output, error) = cluster.Ktruth("get", "-n", "shop");

        Assert.True(code == 0, error);
        string[] lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length); // header + web + db; billing is another namespace
        Assert.StartsWith("WORKLOAD", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("NAMESPACE", lines[0], StringComparison.Ordinal); // one namespace: no column for it, as kubectl
        string web = Assert.Single(lines, l => l.StartsWith("Deployment/web", StringComparison.Ordinal));
        Assert.Contains("1000m → 500m", web, StringComparison.Ordinal);       // CPU request
        Assert.Contains("1000m → 800m", web, StringComparison.Ordinal);       // CPU limit
        Assert.Contains("12.0% → 0.8%", web, StringComparison.Ordinal);   // throttled now → predicted at 800m
        Assert.Contains("0.90", web, StringComparison.Ordinal);
        // now (1 core × 0.031611 + 1 GiB × 0.004237) × 730 = 26.169; recommended (0.5 × 0.031611 + 0.5 × 0.004237) × 730 = 13.085
        Assert.EndsWith("$26.17 → $13.08", web, StringComparison.Ordinal);
        // 2 pods × (2 cores × 0.031611 + 4 GiB × 0.004237) × 730 = 117.048, unchanged by the recommendation
        Assert.EndsWith("$117.05 → $117.05", Assert.Single(lines, l => l.StartsWith("StatefulSet/db", StringComparison.Ordinal)), StringComparison.Ordinal);
        // Columns line up: every cell of the CPU REQUEST column starts where its header does.
        int column = lines[0].IndexOf("CPU REQUEST", StringComparison.Ordinal);
        Assert.All(lines.Skip(1), l => Assert.Equal(' ', l[column - 1]));
    }

    [Fact]
    public async Task Get_ProfileWithoutRecommendation_ListedWithDashes()
    {
        await using var cluster = await ProfileCluster.StartAsync();

        var (code, output, _) = cluster.Ktruth("get", "-n", "billing");

        Assert.Equal(0, code);
        string api = Assert.Single(output.Split('\n'), l => l.StartsWith("Deployment/api", StringComparison.Ordinal));
        Assert.Contains("250m → -", api, StringComparison.Ordinal);
        Assert.Contains("50.0% → -", api, StringComparison.Ordinal);
        Assert.EndsWith("$5.77 → -", api, StringComparison.Ordinal); // 0.25 × 0.031611 × 730 = 5.769; no memory request or peak
    }

    [Fact]
    public async Task Get_JsonOutput_ReadBackByReport()
    {
        await using var cluster = await ProfileCluster.StartAsync();

        var (code, output, _) = cluster.Ktruth("get", "-A", "-o", "json");

        Assert.Equal(0, code);
        var (workloads, notes) = ProfileReader.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(output)), "get");
        Assert.Equal(["db", "web"], workloads.Select(w => w.Name).Order(StringComparer.Ordinal));
        Assert.Contains(notes, n => n.Contains("deployment-api-server", StringComparison.Ordinal)); // no recommendation: the report leaves it out
    }

    [Fact]
    public async Task Get_KindSlashName_OnlyThatWorkload()
    {
        await using var cluster = await ProfileCluster.StartAsync();

        var (code, output, _) = cluster.Ktruth("get", "deploy/web", "-n", "shop");

        Assert.Equal(0, code);
        Assert.Equal(2, output.TrimEnd('\n').Split('\n').Length);
        Assert.Contains("Deployment/web", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownWorkload_OneLineExit1()
    {
        await using var cluster = await ProfileCluster.StartAsync();

        var (code, _, error) = cluster.Ktruth("get", "deployment/nope", "-n", "shop");

        Assert.Equal(1, code);
        Assert.Equal("ktruth: no WorkloadProfile for deployment/nope in namespace shop\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Get_Selector_SentToTheServer()
    {
        await using var cluster = await ProfileCluster.StartAsync();

        var (code, output, _) = cluster.Ktruth("get", "-A", "-l", "app=db", "-o", "csv");

        Assert.Equal(0, code);
        string[] lines = output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("namespace,kind,name,container,cpu_request_now,cpu_request_recommended,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("shop,StatefulSet,db,postgres,2,2,,,4294967296,4294967296,", lines[1], StringComparison.Ordinal);
        Assert.Contains(cluster.Server.Requests, r => r.Resource == "workloadprofiles" && r.Namespace is null && r.Verb == "list");
    }

    [Fact]
    public async Task Get_NoNamespaceGiven_UsesTheContextsNamespace()
    {
        await using var cluster = await ProfileCluster.StartAsync(contextNamespace: "billing");

        var (code, output, _) = cluster.Ktruth("get", "-o", "wide");

        Assert.Equal(0, code);
        Assert.Contains("Deployment/api", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Deployment/web", output, StringComparison.Ordinal);
        Assert.Contains("WINDOW", output, StringComparison.Ordinal);
        Assert.Contains(" 2m ", output, StringComparison.Ordinal); // windowSeconds 120
    }

    [Fact]
    public async Task Get_EmptyNamespace_SaysSoExit0()
    {
        await using var cluster = await ProfileCluster.StartAsync();

        var (code, output, error) = cluster.Ktruth("get", "-n", "empty");

        Assert.Equal(0, code);
        Assert.Equal("", output);
        Assert.Contains("No WorkloadProfiles found in empty namespace.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_NoCrd_OneLineExit1()
    {
        var withoutProfiles = new KubeTestServerOptions { Resources = [.. KubeResources.All.Where(r => r != KubeResources.WorkloadProfiles)] };
        await using var cluster = await ProfileCluster.StartAsync(withoutProfiles, seed: false);

        var (code, output, error) = cluster.Ktruth("get", "-A");

        Assert.Equal(1, code);
        Assert.Equal("", output);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("does not serve workloadprofiles.ktruth.io: the WorkloadProfile CRD is not installed", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Forbidden_OneLineExit1()
    {
        await using var cluster = await ProfileCluster.StartAsync();
        cluster.Server.Authorize = _ => false;

        var (code, _, error) = cluster.Ktruth("get", "-n", "shop");

        Assert.Equal(1, code);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ktruth: forbidden: you may not list workloadprofiles.ktruth.io in namespace shop", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_NoServerListening_OneLineExit1()
    {
        await using var cluster = await ProfileCluster.StartAsync(seed: false);
        string closed = cluster.Server.BaseAddress.ToString().TrimEnd('/');
        await cluster.Server.DisposeAsync(); // the kubeconfig now points at a port nobody listens on

        var (code, _, error) = cluster.Ktruth("get", "-A");

        Assert.Equal(1, code);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"ktruth: cannot reach the API server at {closed}", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownContext_OneLineExit1()
    {
        await using var cluster = await ProfileCluster.StartAsync(seed: false);

        var (code, _, error) = cluster.Ktruth("get", "--context", "prod");

        Assert.Equal(1, code);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("prod", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_KnownContext_Used()
    {
        await using var cluster = await ProfileCluster.StartAsync();

        var (code, output, _) = cluster.Ktruth("get", "-A", "--context", "test");

        Assert.Equal(0, code);
        Assert.Contains("Deployment/web", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-n", "shop", "-A")]
    [InlineData("not-kind-slash-name")]
    [InlineData("--cpu-hour", "-1")]
    public async Task Get_BadCommandLine_OneLinePerProblemExit2(params string[] args)
    {
        await using var cluster = await ProfileCluster.StartAsync(seed: false);

        var (code, output, error) = cluster.Ktruth(["get", .. args]);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(cluster.Server.Requests); // nothing was asked of the cluster
    }

    [Fact]
    public async Task Get_Help_Exit0()
    {
        await using var cluster = await ProfileCluster.StartAsync(seed: false);

        var (code, output, _) = cluster.Ktruth("get", "--help");

        Assert.Equal(0, code);
        Assert.Contains("--all-namespaces", output, StringComparison.Ordinal);
    }
}
