using System.Diagnostics;

namespace KernelTruth.NodeSensor.Tests.Prometheus;

/// <summary>
/// `promtool check metrics` (Debian package `prometheus`, which deploy/host/setup.sh installs): Prometheus'
/// own parser and linter. It reads an exposition on stdin, exits 0 and prints nothing when it is clean; a
/// parse error exits 1, lint problems (a counter without _total, a missing HELP, …) exit 3, one per line.
/// Shared by every test that scrapes a /metrics endpoint (linked into Cli.Tests and Cluster.Tests).
/// </summary>
internal static class Promtool
{
    public const string Package = "prometheus";

    /// <summary>Fails the test on any output line or a non-zero exit, quoting promtool; a missing promtool fails too, naming the package.</summary>
    public static void AssertClean(string exposition, string what)
    {
        string promtool = Find()
            ?? throw new Xunit.Sdk.XunitException($"promtool is not on PATH: apt-get install --no-install-recommends {Package} (deploy/host/setup.sh installs it); every /metrics scrape is checked with it");
        var (exit, output) = Check(promtool, exposition);
        Assert.True(exit == 0 && output.Length == 0,
            $"promtool check metrics flagged the {what} scrape (exit {exit}):\n{output}\n--- scrape ---\n{exposition}");
    }

    private static (int Exit, string Output) Check(string promtool, string exposition)
    {
        var psi = new ProcessStartInfo(promtool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("check");
        psi.ArgumentList.Add("metrics");
        using var process = Process.Start(psi)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(exposition);
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new Xunit.Sdk.XunitException("promtool check metrics did not finish within 60 s");
        }

        return (process.ExitCode, (stdout.Result + stderr.Result).Trim());
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Where(dir => dir.Length > 0)
            .Select(dir => Path.Combine(dir, "promtool"))
            .FirstOrDefault(File.Exists);
}
