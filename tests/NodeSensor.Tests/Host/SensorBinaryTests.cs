using System.Diagnostics;

namespace KernelTruth.NodeSensor.Tests.Host;

/// <summary>The built ktruth-sensor executable, run as a process: exit codes and stderr are its interface to kubelet and users.</summary>
public sealed class SensorBinaryTests
{
    /// <summary>Start-up of a .NET process plus a failed validation; generous for a loaded CI machine.</summary>
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Run_ListenWithoutPort_ExitCode2AndStderrNamesListen()
    {
        var (exit, stdout, stderr) = await RunAsync("--listen", "127.0.0.1:notaport", "--once");

        Assert.Equal(2, exit); // SensorProcess.ExitCannotStart, what a DaemonSet's restarts would show
        Assert.Contains("--listen '127.0.0.1:notaport'", stderr, StringComparison.Ordinal);
        Assert.StartsWith("ktruth-sensor: invalid sensor configuration:", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout); // no snapshot printed
    }

    [Fact]
    public async Task Run_AuthKubernetesWithoutNodeName_ExitCode2BeforeLoadingAnything()
    {
        var (exit, _, stderr) = await RunAsync(new Dictionary<string, string?> { ["NODE_NAME"] = null }, "--auth", "kubernetes", "--listen", "127.0.0.1:9479");

        Assert.Equal(2, exit);
        Assert.StartsWith("ktruth-sensor: invalid sensor configuration:", stderr, StringComparison.Ordinal);
        Assert.Contains("set NODE_NAME", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InAPodOpenBeyondLoopback_ExitCode2SayingHowToAuthenticate()
    {
        var env = new Dictionary<string, string?> { ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1", ["NODE_NAME"] = null };

        var (exit, _, stderr) = await RunAsync(env, "--listen", "0.0.0.0:9479");

        Assert.Equal(2, exit);
        Assert.Contains("without authentication", stderr, StringComparison.Ordinal);
        Assert.Contains("--auth kubernetes", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AuthKubernetesWithoutServiceAccountOrKubeconfig_ExitCode2NamingWhatIsMissing()
    {
        // A node name, no KUBERNETES_SERVICE_HOST, and a HOME without ~/.kube/config: nothing to review tokens with.
        string home = Directory.CreateTempSubdirectory("ktruth-no-kube-").FullName;
        try
        {
            var env = new Dictionary<string, string?> { ["NODE_NAME"] = "node-a", ["HOME"] = home, ["KUBECONFIG"] = null, ["KUBERNETES_SERVICE_HOST"] = null };

            var (exit, _, stderr) = await RunAsync(env, "--auth", "kubernetes", "--listen", "127.0.0.1:9479");

            Assert.Equal(2, exit);
            Assert.StartsWith("ktruth-sensor: --auth kubernetes reviews tokens with the API server, but there is no usable Kubernetes configuration:", stderr, StringComparison.Ordinal);
            Assert.Contains("--kubeconfig", stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private static Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string?>(), args);

    /// <param name="env">Variables to set, or to remove where the value is null.</param>
    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(Dictionary<string, string?> env, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "ktruth-sensor.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the test project references SensorHost, so the build copies it next to the tests");

        // The dotnet CLI running the tests sets DOTNET_HOST_PATH to itself; otherwise use the one on PATH.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var (name, value) in env)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName} {dll}");
        using var timeout = new CancellationTokenSource(ProcessTimeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"ktruth-sensor {string.Join(' ', args)} did not exit within {ProcessTimeout.TotalSeconds} s");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
