using System.Diagnostics;

namespace KernelTruth.Reports.Tests.Browser;

/// <summary>
/// Headless Chromium (Debian package `chromium`) run as a child process: --dump-dom for the DOM
/// after parsing and layout, --screenshot for a PNG. Console messages and uncaught errors reach
/// stderr through --enable-logging=stderr --v=0 as lines containing "CONSOLE(" (or ":CONSOLE:");
/// those are what "no console errors" checks.
/// </summary>
internal static class Chromium
{
    public const string Package = "chromium";

    public static string? Find()
    {
        foreach (string name in new[] { "chromium", "chromium-browser" })
        {
            foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
            {
                string path = Path.Combine(dir, name);
                if (dir.Length > 0 && File.Exists(path))
                {
                    return path;
                }
            }
        }

        return null;
    }

    /// <summary>The binary, or null to skip outside CI; under CI=true a missing browser fails naming the package.</summary>
    public static string? Require()
    {
        string? path = Find();
        if (path is null && Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail($"headless Chromium is required for the HTML report tests: apt-get install {Package} (deploy/host/setup.sh installs it)");
        }

        return path;
    }

    public static (string Stdout, string Stderr) Run(string chromium, string profileDir, params string[] args)
    {
        var psi = new ProcessStartInfo(chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // --no-sandbox: tests run as root, where Chromium refuses its sandbox. A private profile
        // directory keeps runs independent and is deleted by the caller.
        foreach (string a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--hide-scrollbars", $"--user-data-dir={profileDir}", "--enable-logging=stderr", "--v=0" })
        {
            psi.ArgumentList.Add(a);
        }

        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"chromium {string.Join(' ', args)} did not finish within 90 s");
        }

        return (stdout.Result, stderr.Result);
    }

    /// <summary>Console lines from the page (messages, uncaught exceptions), not Chromium's own diagnostics.</summary>
    public static IReadOnlyList<string> ConsoleLines(string stderr) =>
        [.. stderr.Split('\n').Where(l => l.Contains("CONSOLE(", StringComparison.Ordinal) || l.Contains(":CONSOLE:", StringComparison.Ordinal) || l.Contains("Uncaught", StringComparison.Ordinal))];
}
