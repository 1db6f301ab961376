using System.Diagnostics;

namespace KernelTruth.Deploy.Tests.Rendering;

/// <summary>Runs a tool to completion and returns its exit code and output; a missing tool is a clear failure.</summary>
internal static class ProcessRunner
{
    public static (int ExitCode, string Stdout, string Stderr) Run(string fileName, IEnumerable<string> arguments, string why, TimeSpan? timeout = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? "" };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            // Never a silent skip: say what is missing and what it is needed for.
            throw new InvalidOperationException($"{fileName} is not installed or not on PATH ({e.Message}); it is needed to {why}.", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            var limit = timeout ?? TimeSpan.FromSeconds(60);
            if (!process.WaitForExit(limit))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} did not finish within {limit.TotalSeconds} s");
            }

            return (process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
