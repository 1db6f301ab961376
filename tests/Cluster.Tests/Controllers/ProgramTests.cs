using System.Diagnostics;

namespace KernelTruth.Cluster.Tests.Controllers;

/// <summary>ktruth-recommender as a process: a configuration it cannot use stops it at once, exit 2, one line, no stack trace.</summary>
public sealed class ProgramTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ktruth-recommender-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("clusters: [{name: k, cluster: {server: x}", "not valid YAML at line 2")]
    [InlineData("current-context: c\nclusters: [{name: k, cluster: {server: 'https://x'}}]\nusers: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: /nonexistent/credential-helper}}}]\ncontexts: [{name: c, context: {cluster: k, user: u}}]",
        "the exec credential plugin '/nonexistent/credential-helper' failed")]
    public async Task BadKubeconfig_ExitTwoWithOneLineNamingIt(string yaml, string problem)
    {
        string kubeconfig = Path.Combine(_dir, "config");
        await File.WriteAllTextAsync(kubeconfig, yaml);

        var (code, stderr) = await RunAsync("--namespace", "kernel-truth", "--identity", "test", "--kubeconfig", kubeconfig);

        Assert.Equal(2, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"ktruth-recommender: no usable Kubernetes configuration: kubeconfig {kubeconfig}: ", line, StringComparison.Ordinal);
        Assert.Contains(problem, line, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Stderr)> RunAsync(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "ktruth-recommender.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", dll, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment.Remove("KUBERNETES_SERVICE_HOST"); // not "in a pod", whatever the machine says
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start ktruth-recommender");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await stdout;
        return (process.ExitCode, (await stderr).Replace("\r", "", StringComparison.Ordinal));
    }
}
