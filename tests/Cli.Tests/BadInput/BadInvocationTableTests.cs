using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using KernelTruth.Cli.Commands;
using KernelTruth.Cli.Tests.Fakes;
using KernelTruth.NodeSensor.Cgroups;
using Xunit.Abstractions;

namespace KernelTruth.Cli.Tests.BadInput;

/// <summary>
/// Every row of bad-invocations.txt against the real entry points: ktruth through the Main it runs
/// (<see cref="KtruthCommand.RunAsync"/>), ktruth-sensor and ktruth-recommender as processes. Each row: the exit code
/// the README and docs/cli.md document, its error text, no stack trace, only one-line errors, and nothing written anywhere.
/// Some rows start the sensor (a cgroup with no tasks): root and BPF, as the other kernel tests.
/// </summary>
public sealed class BadInvocationTableTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ktruth-badinput-").FullName;
    private readonly List<string> _cgroups = [];

    public void Dispose()
    {
        foreach (string cgroup in Enumerable.Reverse(_cgroups))
        {
            Directory.Delete(cgroup);
        }

        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task EveryBadInvocation_ExitCodeAsDocumentedOneLineNoStackTraceNothingWritten()
    {
        var rows = BadInvocation.Load(Path.Join(AppContext.BaseDirectory, "BadInput", "bad-invocations.txt"));
        Assert.True(rows.Count >= 100, $"the table holds {rows.Count} invocations; the issue asks for at least 100");
        BadInputFixtures.Write(_dir);
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var hierarchy = CpuHierarchy.Detect();
        var placeholders = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["{dir}"] = _dir,
            ["{busyport}"] = ((IPEndPoint)busy.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["{empty-cgroup}"] = MakeCgroup(hierarchy, "empty", cpuacctToo: true),
            ["{cpu-only-cgroup}"] = MakeCgroup(hierarchy, "cpu-only", cpuacctToo: false),
        };

        var failures = new List<string>();
        int ran = 0;
        foreach (var row in rows)
        {
            if (placeholders.FirstOrDefault(p => p.Value is null && row.Args.Any(a => a.Contains(p.Key, StringComparison.Ordinal))).Key is { } missing)
            {
                output.WriteLine($"not applicable on this host ({missing}: cpuacct is not mounted apart from cpu): {row}");
                continue;
            }

            string[] args = [.. row.Args.Select(a => placeholders.Aggregate(a, (s, p) => p.Value is null ? s : s.Replace(p.Key, p.Value, StringComparison.Ordinal)))];
            string expected = row.Expected is null ? "" : placeholders.Aggregate(row.Expected, (s, p) => p.Value is null ? s : s.Replace(p.Key, p.Value, StringComparison.Ordinal));
            var before = Listing(_dir);
            var (exit, stdout, stderr) = row.Binary == "ktruth" ? await InProcessAsync(args) : await ProcessAsync(row.Binary, args);
            ran++;
            var problems = Check(row, exit, stdout, stderr, expected);
            if (!Listing(_dir).SequenceEqual(before))
            {
                problems.Add($"wrote into {_dir}: {string.Join(", ", Listing(_dir).Except(before))}");
            }

            if (File.Exists("/tmp.tmp") || File.Exists(_dir + ".tmp"))
            {
                problems.Add("left a .tmp file beside a directory given as --out");
            }

            if (problems.Count > 0)
            {
                failures.Add($"{row}\n    {string.Join("\n    ", problems)}\n    exit {exit}; stderr: {Clip(stderr)}; stdout: {Clip(stdout)}");
            }
        }

        output.WriteLine($"{ran} invocations run, {failures.Count} failed");
        Assert.True(failures.Count == 0, $"{failures.Count} of {ran} invocations failed:\n" + string.Join("\n", failures));
    }

    private static List<string> Check(BadInvocation row, int exit, string stdout, string stderr, string expected)
    {
        var problems = new List<string>();
        if (exit != row.Exit)
        {
            problems.Add($"exit {exit}, expected {row.Exit}");
        }

        string all = stdout + stderr;
        if (all.Contains("Unhandled exception", StringComparison.Ordinal) || all.Contains("   at ", StringComparison.Ordinal))
        {
            problems.Add("printed a stack trace");
        }

        if (stderr.Contains($"{row.Binary}: failed: ", StringComparison.Ordinal))
        {
            problems.Add("an exception reached the last-resort handler: the command did not turn it into a message");
        }

        if (expected.Length > 0 && !stderr.Contains(expected, StringComparison.Ordinal))
        {
            problems.Add($"stderr does not say '{expected}'");
        }

        if (row.Exit != 0)
        {
            // The services log to stdout as they start (BPF loaded, programs attached); ktruth keeps stdout for results.
            if (row.Binary == "ktruth" && stdout.Trim().Length > 0)
            {
                problems.Add("printed to stdout on failure");
            }

            var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (lines.Length == 0)
            {
                problems.Add("said nothing on stderr");
            }

            if (lines.FirstOrDefault(l => !l.StartsWith(row.Binary + ":", StringComparison.Ordinal)) is { } stray)
            {
                problems.Add($"stderr has a line that is not a '{row.Binary}:' error line: '{stray}'");
            }
        }
        else if (stdout.Trim().Length == 0)
        {
            problems.Add("--help printed nothing on stdout");
        }

        return problems;
    }

    /// <summary>
    /// What `ktruth` runs after setting up its console: the same parse, validation and handlers, and its warnings and
    /// errors logged to stderr as the binary logs them, so a log line or a logged stack trace counts against the row.
    /// </summary>
    private static async Task<(int Exit, string Stdout, string Stderr)> InProcessAsync(string[] args)
    {
        var test = new TestEnvironment(logToError: true);
        int exit = await KtruthCommand.RunAsync(test.Env, args);
        return (exit, test.Out.ToString() + test.Console, test.Error.ToString().Replace("\r", "", StringComparison.Ordinal));
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> ProcessAsync(string binary, string[] args)
    {
        string dll = Path.Join(AppContext.BaseDirectory, binary + ".dll");
        var start = new ProcessStartInfo("dotnet", ["exec", dll, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string variable in new[] { "KUBERNETES_SERVICE_HOST", "POD_NAMESPACE", "POD_NAME", "NODE_NAME", "KUBECONFIG" })
        {
            start.Environment.Remove(variable); // not "in a pod", whatever the machine says
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {binary}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, await stdout, "did not exit within a minute: " + await stderr);
        }

        return (process.ExitCode, await stdout, (await stderr).Replace("\r", "", StringComparison.Ordinal));
    }

    /// <summary>A cgroup with no tasks; null for "cpu-only" where cpuacct is not mounted apart (it would have usage).</summary>
    private string? MakeCgroup(CpuHierarchy hierarchy, string name, bool cpuacctToo)
    {
        string path = $"/ktruth-badinput-{name}-{Environment.ProcessId}";
        string cpu = hierarchy.CpuDirectory(path);
        string? cpuacct = hierarchy.CpuacctDirectory(path);
        bool apart = cpuacct is not null && Path.GetFullPath(cpuacct) != Path.GetFullPath(cpu);
        if (!cpuacctToo && !apart)
        {
            return null;
        }

        Directory.CreateDirectory(cpu);
        _cgroups.Add(cpu);
        if (cpuacctToo && apart)
        {
            Directory.CreateDirectory(cpuacct!);
            _cgroups.Add(cpuacct!);
        }

        return path;
    }

    private static string[] Listing(string dir) =>
    [
        .. Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories)
            .Select(p => $"{Path.GetRelativePath(dir, p)} {(File.Exists(p) ? new FileInfo(p).Length : -1)} {File.GetLastWriteTimeUtc(p).Ticks}")
            .Order(StringComparer.Ordinal),
    ];

    private static string Clip(string text) => text.Length <= 400 ? text.ReplaceLineEndings(" / ") : text[..400].ReplaceLineEndings(" / ") + "…";
}
