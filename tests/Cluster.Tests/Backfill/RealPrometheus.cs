using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace KernelTruth.Cluster.Tests.Backfill;

/// <summary>
/// A real Prometheus (the Debian package's /usr/bin/prometheus) serving <see cref="CadvisorSeries"/>: the series are
/// written as OpenMetrics, turned into TSDB blocks by <c>promtool tsdb create-blocks-from openmetrics</c>, and served
/// from a temporary directory on a free loopback port with 30 days' retention (blocks older than the retention, counted
/// from the newest block, would be dropped at start; ours span 14). Disposal kills it and deletes the directory.
/// Missing binaries fail the tests with the package to install, never skip them.
/// </summary>
public sealed class RealPrometheus : IAsyncLifetime
{
    /// <summary>The tests that share one instance (it takes a minute or two to build on a loaded machine).</summary>
    public const string Collection = "real Prometheus";

    private Process? _process;
    private string _directory = "";

    public Uri Url { get; private set; } = null!;

    /// <summary>The last sample's time, a whole minute: the tests' "now".</summary>
    public DateTimeOffset End { get; private set; }

    public async Task InitializeAsync()
    {
        string prometheus = Find("prometheus"), promtool = Find("promtool");
        _directory = Directory.CreateTempSubdirectory("ktruth-prometheus-").FullName;
        End = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() / 60 * 60);
        string input = Path.Combine(_directory, "cadvisor.om");
        CadvisorSeries.Write(input, End.ToUnixTimeSeconds());
        string data = Path.Combine(_directory, "data");
        var (code, output) = await RunAsync(promtool, ["tsdb", "create-blocks-from", "openmetrics", "--quiet", input, data]);
        Assert.True(code == 0, $"promtool create-blocks-from openmetrics failed ({code}): {output}");
        File.Delete(input);

        string config = Path.Combine(_directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, "global:\n  scrape_interval: 1m\nscrape_configs: []\n");
        int port = FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/");
        _process = Process.Start(new ProcessStartInfo(prometheus)
        {
            ArgumentList =
            {
                "--config.file=" + config, "--storage.tsdb.path=" + data, "--storage.tsdb.retention.time=30d",
                $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
            },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();

        using var http = new HttpClient();
        for (int i = 0; i < 600; i++)
        {
            Assert.False(_process.HasExited, $"prometheus exited with {(_process.HasExited ? _process.ExitCode : 0)} before it was ready");
            try
            {
                if ((await http.GetAsync(new Uri(Url, "-/ready"))).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        Assert.Fail("prometheus was not ready within 60 s");
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
        }

        if (_directory.Length > 0)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static string Find(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':').Append("/usr/bin"))
        {
            string path = Path.Combine(dir, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidOperationException($"'{name}' is not installed: the Prometheus history tests need the Debian package 'prometheus' (bash deploy/host/setup.sh installs it)");
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One <see cref="RealPrometheus"/> for every test class in the collection.</summary>
[CollectionDefinition(RealPrometheus.Collection)]
public sealed class RealPrometheusCollection : ICollectionFixture<RealPrometheus>;
