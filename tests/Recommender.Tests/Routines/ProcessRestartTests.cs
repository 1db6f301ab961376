using System.Diagnostics;
using KernelTruth.Recommender.Checkpoint;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelTruth.Recommender.Tests.Routines;

/// <summary>
/// The service host as a real process (KernelTruth.Recommender.TestHost: Quartz jobs every second
/// on a synthetic sensor), killed with SIGKILL mid-run and started again on the same state file.
/// Nothing here is timed: the test waits for what the process writes, with a generous deadline.
/// </summary>
public sealed class ProcessRestartTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string StateFile => _dir.File("state.json");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task KillNine_MidRunThenRestart_StateFileLoadsAndRecommendationsContinue()
    {
        // First life: run until the state file holds at least 3 intervals of /y, then SIGKILL.
        using (var first = TestHost.Start(StateFile))
        {
            await Eventually.WaitFor(() => SavedIntervals() >= 3, "the first process to save 3 intervals of /y");
            first.KillNine();
            Assert.Equal(137, first.ExitCode); // 128 + SIGKILL: no shutdown hook ran, no final save
        }

        // The file a crash leaves is a whole checkpoint (saves are rename-atomic), whatever the
        // kill interrupted; a half-written temp file beside it is ignored.
        var afterCrash = CheckpointFile.Load(StateFile)!;
        long intervalsAfterCrash = SavedIntervals();
        Assert.Equal(["/x", "/y"], afterCrash.Workloads.Select(w => w.Workload));

        // Second life: restores what the first saved, then keeps learning and recommending.
        using var second = TestHost.Start(StateFile);
        string restoredLine = await Eventually.WaitFor(() => second.Output.FirstOrDefault(l => l.Contains("Restored 2 workloads from state file", StringComparison.Ordinal)), "the restore line");
        Assert.Contains($"'{StateFile}' saved at {afterCrash.SavedAt:O}", restoredLine, StringComparison.Ordinal);
        await Eventually.WaitFor(() => SavedIntervals() >= intervalsAfterCrash + 2, "the second process to save 2 more intervals than the first left");
        int restoredAt = second.Output.IndexOf(restoredLine);
        Assert.Contains(second.Output.Skip(restoredAt), l => l.Contains("Fit: 2 workloads recommended, 0 failed", StringComparison.Ordinal));

        var continued = new RecommenderEngine(NullLogger.Instance);
        continued.Restore(CheckpointFile.Load(StateFile)!);
        Assert.All(continued.Recommend(new(), CheckpointFile.Load(StateFile)!.SavedAt), r => Assert.NotNull(r.Recommendation));
        second.KillNine();
    }

    [Fact]
    public async Task Start_CorruptStateFile_ExitsTwoSayingWhatToDo()
    {
        File.WriteAllText(StateFile, "{\"version\":1,\"workl");

        using var host = TestHost.Start(StateFile);
        await Eventually.WaitFor(() => host.HasExited, "the process to refuse to start");
        host.WaitForOutput();

        Assert.Equal(2, host.ExitCode);
        Assert.Contains(host.Errors, l => l.Contains($"mv '{StateFile}' '{StateFile}.bad'", StringComparison.Ordinal));
        Assert.Equal("{\"version\":1,\"workl", File.ReadAllText(StateFile));
    }

    /// <summary>Intervals of /y in the state file now; 0 while there is none.</summary>
    private long SavedIntervals()
    {
        if (CheckpointFile.Load(StateFile) is not { } checkpoint)
        {
            return 0;
        }

        var engine = new RecommenderEngine(NullLogger.Instance);
        engine.Restore(checkpoint);
        return engine.IntervalsOf("/y");
    }

    /// <summary>The test host process with its output collected line by line.</summary>
    private sealed class TestHost : IDisposable
    {
        private readonly Process _process;
        private readonly List<string> _output = [];
        private readonly List<string> _errors = [];

        private TestHost(Process process) => _process = process;

        public List<string> Output
        {
            get
            {
                lock (_output)
                {
                    return [.. _output];
                }
            }
        }

        public List<string> Errors
        {
            get
            {
                lock (_errors)
                {
                    return [.. _errors];
                }
            }
        }

        public bool HasExited => _process.HasExited;

        public int ExitCode => _process.ExitCode;

        public static TestHost Start(string stateFile)
        {
            string dll = Path.Combine(AppContext.BaseDirectory, "KernelTruth.Recommender.TestHost.dll");
            Assert.True(File.Exists(dll), $"{dll} is missing: the test project references Recommender.TestHost, so the build copies it next to the tests");

            // The dotnet CLI running the tests sets DOTNET_HOST_PATH to itself; otherwise use the one on PATH.
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string arg in new[] { dll, "--state", stateFile })
            {
                start.ArgumentList.Add(arg);
            }

            var process = new Process { StartInfo = start };
            var host = new TestHost(process);
            process.OutputDataReceived += (_, e) => host.Add(host._output, e.Data);
            process.ErrorDataReceived += (_, e) => host.Add(host._errors, e.Data);
            Assert.True(process.Start(), $"could not start {start.FileName} {dll}");
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return host;
        }

        /// <summary>After exit: waits until the output readers have delivered every line.</summary>
        public void WaitForOutput() => _process.WaitForExit();

        /// <summary>SIGKILL, as the kernel's OOM killer or a node failure would end it.</summary>
        public void KillNine()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: false); // SIGKILL on Linux
            }

            _process.WaitForExit();
        }

        public void Dispose()
        {
            KillNine();
            _process.Dispose();
        }

        private void Add(List<string> lines, string? line)
        {
            if (line is not null)
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            }
        }
    }
}
