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

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
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
