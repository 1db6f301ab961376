using System.Diagnostics;

namespace KernelTruth.NodeSensor.Tests.Kernel;

/// <summary>
/// A kernel test's workload written in C and built static with the host's cc: it starts in a millisecond and
/// burns no CPU of its own before main(), which a .NET child would (its runtime's start-up runs under the limit
/// being measured). Dispose deletes the binary.
/// </summary>
internal sealed class CWorkload : IDisposable
{
    private readonly string _dir;

    private CWorkload(string dir, string binary)
    {
        _dir = dir;
        Binary = binary;
    }

    public string Binary { get; }

    /// <summary>Compiles <paramref name="source"/>; fails the test with cc's errors when it cannot.</summary>
    public static CWorkload Compile(string name, string source)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"ktruth-{name}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(dir);
        string file = Path.Combine(dir, "workload.c"), binary = Path.Combine(dir, name);
        File.WriteAllText(file, source);
        var psi = new ProcessStartInfo("cc", ["-O1", "-static", "-o", binary, file]) { RedirectStandardError = true };
        using var cc = Process.Start(psi) ?? throw new InvalidOperationException("cc did not start");
        string errors = cc.StandardError.ReadToEnd();
        cc.WaitForExit();
        if (cc.ExitCode != 0)
        {
            Directory.Delete(dir, recursive: true);
            Assert.Fail($"cc could not build the workload (apt-get install -y gcc libc6-dev): {errors}");
        }

        return new CWorkload(dir, binary);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
