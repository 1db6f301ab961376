using System.Diagnostics;
using KernelTruth.Cli.Commands;
using Xunit.Abstractions;

namespace KernelTruth.Cli.Tests.Kernel;

/// <summary>`ktruth demo` as a person runs it: the built executable, its exit code, what it prints, what it leaves behind.</summary>
[Collection(CliKernelCollection.Name)]
public sealed class DemoProcessTests(CliSensorFixture sensor, ITestOutputHelper output)
{
    private static readonly TimeSpan Promised = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Demo_AsRoot_FinishesWithin90sExitsZeroShowsBeforeAndAfterAndRemovesItsCgroup()
    {
        _ = sensor.Runtime; // root and BPF, or fail here with what is missing
        string[] before = DemoCgroups();

        var wall = Stopwatch.StartNew();
        var (exit, stdout, stderr) = await RunAsync(Promised + TimeSpan.FromSeconds(30), [], "demo");
        wall.Stop();
        output.WriteLine(stdout);
        output.WriteLine(stderr);
        output.WriteLine($"ktruth demo took {wall.Elapsed.TotalSeconds:0.0} s");

        Assert.Equal(CliExitCodes.Ok, exit);
        Assert.True(wall.Elapsed <= Promised, $"ktruth demo took {wall.Elapsed.TotalSeconds:0.0} s, more than the promised 90 s");
        Assert.Contains("Average usage (what metrics-server shows) vs kernel truth", stdout, StringComparison.Ordinal);
        Assert.Contains("Applying kernel-truth's limit", stdout, StringComparison.Ordinal);
        Assert.Contains("Measured by the kernel, before and after", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", stdout, StringComparison.Ordinal); // piped: no escape codes
        Assert.Equal(before, DemoCgroups());
    }

    [Fact]
    public async Task Demo_WithoutPrivileges_ExitCode2SaysWhatIsMissing()
    {
        _ = sensor.Runtime;
        Assert.True(File.Exists("/usr/bin/setpriv"), "this test drops root with setpriv (util-linux): apt-get install -y util-linux");

        var (exit, _, stderr) = await RunAsync(TimeSpan.FromSeconds(60), ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all"], "demo");

        Assert.Equal(CliExitCodes.CannotStart, exit);
        Assert.Contains("ktruth: the sensor cannot run on this host", stderr, StringComparison.Ordinal);
        Assert.Contains("CAP_BPF", stderr, StringComparison.Ordinal);
    }

    private static string[] DemoCgroups() =>
        [.. Directory.GetDirectories("/sys/fs/cgroup", "ktruth-demo-*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(TimeSpan timeout, string[] prefix, params string[] args)
    {
        string ktruth = Path.Join(AppContext.BaseDirectory, "ktruth");
        Assert.True(File.Exists(ktruth), $"{ktruth} is missing: the test project references the CLI, so the build copies its executable next to the tests");
        var start = new ProcessStartInfo(prefix.Length > 0 ? prefix[0] : ktruth) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in prefix.Skip(1).Append(prefix.Length > 0 ? ktruth : null).OfType<string>().Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {ktruth}");
        using var cts = new CancellationTokenSource(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"ktruth {string.Join(' ', args)} did not exit within {timeout.TotalSeconds} s");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
