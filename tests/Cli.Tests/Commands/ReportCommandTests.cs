using System.Text;
using KernelTruth.Cli.Commands;
using KernelTruth.Cli.Configuration;
using KernelTruth.Cli.Tests.Fakes;

namespace KernelTruth.Cli.Tests.Commands;

/// <summary>`ktruth report` end to end in process: options, the atomic --out, and every bad input ending in exit code 2 with one clear line.</summary>
public sealed class ReportCommandTests : IDisposable
{
    private const string Profile = """
        {"apiVersion":"v1","kind":"List","items":[{"apiVersion":"ktruth.io/v1alpha1","kind":"WorkloadProfile",
          "metadata":{"name":"deployment-web-app","namespace":"shop","labels":{"team":"storefront"}},
          "spec":{"targetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"containerName":"app"},
          "status":{"pods":1,"measured":{"usageAverageCores":0.3,"demandCores":{"p50":0.3,"p95":0.4,"p99":0.5},"throttledPeriodsRatio":0},
            "current":{"cpuRequest":"1","memoryRequest":"1Gi"},
            "recommendation":{"cpuRequest":"500m","memoryRequest":"512Mi","confidence":0.9}}}]}
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("ktruth-report-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static (int Code, TestEnvironment Test) Invoke(params string[] args)
    {
        var test = new TestEnvironment();
        int code = KtruthCommand.Create(test.Env).Parse(["report", .. args]).Invoke(KtruthCommand.Invocation(test.Env));
        return (code, test);
    }

    [Fact]
    public void Report_ProfilesToCsvFile_WrittenAtomicallyWithSavings()
    {
        string from = Write("ktp.json", Profile);
        string csv = Path.Combine(_dir, "out.csv");

        var (code, test) = Invoke("--from", from, "--out", csv);

        Assert.Equal(0, code);
        string[] lines = File.ReadAllLines(csv);
        Assert.Equal(2, lines.Length);
        // now (1 core × 0.031611 + 1 GiB × 0.004237) × 730 = 26.169; recommended half of each = 13.0845 ⇒ savings 13.08
        Assert.EndsWith(",26.17,13.08,13.08,0,0" + new string(',', 2 + 11), lines[1], StringComparison.Ordinal); // no risks, no window, no starts (11 columns) written
        Assert.Contains("savings $13.08/month", test.Error.ToString(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp")); // the temporary was renamed, not left behind
    }

    [Fact]
    public void Report_Stdin_ReadsProfiles()
    {
        var test = new TestEnvironment();
        var runner = new ReportRunner(test.Env, () => new MemoryStream(Encoding.UTF8.GetBytes(Profile)));

        int code = runner.Run(new ReportSettings { From = "-", Format = "json", CpuHour = 0.05 });

        Assert.Equal(0, code);
        Assert.Contains("\"source\": \"workload profiles (stdin)\"", test.Out.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"cpuHour\": 0.05", test.Out.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"items\": [", "not valid JSON")]
    [InlineData("{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[]}", "no workloads in the input")]
    [InlineData("", "not valid JSON")]
    public void Report_BadProfiles_Exit2WithReason(string content, string expected)
    {
        string from = Write("bad.json", content);

        var (code, test) = Invoke("--from", from, "--format", "md");

        Assert.Equal(CliExitCodes.InvalidInput, code);
        Assert.Equal(2, code);
        Assert.Contains(expected, test.Error.ToString(), StringComparison.Ordinal);
        Assert.Empty(test.Out.ToString());
    }

    [Theory]
    [InlineData(new[] { "--format", "pdf" }, "--format must be one of html, md, csv, json (was 'pdf')")]
    [InlineData(new[] { "--cpu-hour", "-0.1" }, "--cpu-hour must be a price ≥ 0 (was -0.1)")]
    [InlineData(new[] { "--group-by", "team" }, "--group-by must be namespace, workload or label:<key> (was 'team')")]
    public void Report_BadOption_Exit2NamingIt(string[] extra, string expected)
    {
        string from = Write("ktp.json", Profile);

        var (code, test) = Invoke(["--from", from, .. extra]);

        Assert.Equal(2, code);
        Assert.Contains(expected, test.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Report_NoSourceOrTwo_Exit2()
    {
        string from = Write("ktp.json", Profile);

        Assert.Equal(2, Invoke("--format", "md").Code);
        var (code, test) = Invoke("--from", from, "--from-state", from);
        Assert.Equal(2, code);
        Assert.Contains("exactly one of --from-state", test.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Report_NegativePriceInFile_Exit2NamingTheKey_OutUntouched()
    {
        string from = Write("ktp.json", Profile);
        string prices = Write("prices.yaml", "pools:\n  spot: { gibHour: -1 }\n");
        string html = Write("report.html", "previous report");

        var (code, test) = Invoke("--from", from, "--prices", prices, "--out", html);

        Assert.Equal(2, code);
        Assert.Contains("pools.spot.gibHour must not be negative", test.Error.ToString(), StringComparison.Ordinal);
        Assert.Equal("previous report", File.ReadAllText(html));
    }

    [Fact]
    public void Report_MissingStateFile_Exit2()
    {
        var (code, test) = Invoke("--from-state", Path.Combine(_dir, "nope.json"));

        Assert.Equal(2, code);
        Assert.Contains("no such file", test.Error.ToString(), StringComparison.Ordinal);
    }
}
