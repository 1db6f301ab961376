using System.Diagnostics;
using KernelTruth.Cli.Tests.Fakes;

namespace KernelTruth.Cli.Tests.Profiles;

/// <summary>
/// `kubectl ktruth …` through the real kubectl's plugin lookup: kubectl finds `kubectl-ktruth` on PATH (here a symlink
/// to the launcher the build puts beside ktruth, as an install into /usr/local/bin would make) and runs it with the
/// rest of the command line; the launcher runs the ktruth beside it, which reads KUBECONFIG as kubectl does.
/// kubectl is a prerequisite (deploy/host/setup.sh installs it); without it this test fails, it does not skip.
/// </summary>
public sealed class KubectlPluginTests
{
    [Fact]
    public async Task KubectlKtruth_GetAllNamespaces_ListsProfilesThroughPluginLookup()
    {
        await using var cluster = await ProfileCluster.StartAsync();
        string bin = Directory.CreateDirectory(Path.Combine(cluster.Directory, "bin")).FullName;
        File.CreateSymbolicLink(Path.Combine(bin, "kubectl-ktruth"), Path.Combine(AppContext.BaseDirectory, "kubectl-ktruth"));

        var (code, output, error) = await RunAsync(bin, cluster.Kubeconfig, "ktruth", "get", "-A");

        Assert.True(code == 0, $"kubectl ktruth get -A exited {code}: {error}");
        string[] lines = output.TrimEnd('\n').Split('\n');
        Assert.StartsWith("NAMESPACE", lines[0], StringComparison.Ordinal);
        Assert.Equal(4, lines.Length); // header + three profiles
        Assert.Contains(lines, l => l.StartsWith("shop ", StringComparison.Ordinal) && l.Contains("Deployment/web", StringComparison.Ordinal) && l.Contains("1000m → 500m", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KubectlPluginList_FindsKtruth()
    {
        await using var cluster = await ProfileCluster.StartAsync(seed: false);
        string bin = Directory.CreateDirectory(Path.Combine(cluster.Directory, "bin")).FullName;
        File.CreateSymbolicLink(Path.Combine(bin, "kubectl-ktruth"), Path.Combine(AppContext.BaseDirectory, "kubectl-ktruth"));

        var (code, output, error) = await RunAsync(bin, cluster.Kubeconfig, "plugin", "list");

        Assert.True(code == 0, error); // kubectl warns (exit 1) about a plugin it cannot execute
        Assert.Contains(Path.Combine(bin, "kubectl-ktruth"), output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Out, string Error)> RunAsync(string pluginDirectory, string kubeconfig, params string[] args)
    {
        string kubectl = Kubectl();
        var start = new ProcessStartInfo(kubectl) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Only the plugin's directory and the system's: no other kubectl-ktruth can be found.
        start.Environment["PATH"] = $"{pluginDirectory}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        start.Environment["KUBECONFIG"] = kubeconfig;
        start.Environment["HOME"] = Path.GetDirectoryName(kubeconfig);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {kubectl}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        Task<string> output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        Task<string> error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static string Kubectl() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':')
            .Select(d => Path.Combine(d, "kubectl"))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("kubectl is not installed: run deploy/host/setup.sh (it installs Debian's kubernetes-client)");
}
