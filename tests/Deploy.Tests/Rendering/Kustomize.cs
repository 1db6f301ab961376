using System.Diagnostics;

namespace KernelTruth.Deploy.Tests.Rendering;

/// <summary>Runs the real <c>kubectl kustomize</c>: what a user's <c>kubectl apply -k</c> would send.</summary>
internal static class Kustomize
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <exception cref="InvalidOperationException">kubectl is missing or kustomize fails; the message says which and why.</exception>
    public static string Render(string directory)
    {
        var start = new ProcessStartInfo("kubectl", ["kustomize", directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            // Never a silent skip: these tests are the only check of what deploy/ renders.
            throw new InvalidOperationException(
                $"kubectl is not installed or not on PATH ({e.Message}); the deploy tests need it to render deploy/ " +
                "(install kubectl 1.27 or later: it embeds kustomize v5).", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"kubectl kustomize {directory} did not finish within {Timeout.TotalSeconds} s");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"kubectl kustomize {directory} failed (exit {process.ExitCode}): {stderr.Result.Trim()}");
            }

            return stdout.Result;
        }
    }
}
