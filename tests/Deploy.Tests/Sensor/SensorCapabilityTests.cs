using System.Text.Json;
using KernelTruth.Deploy.Tests.Rendering;

namespace KernelTruth.Deploy.Tests.Sensor;

/// <summary>
/// The DaemonSet's capability list, proven on this kernel: the real ktruth-sensor runs as root with
/// its bounding set cut to exactly the capabilities the rendered manifest adds (setpriv), as the
/// container runtime would, and must take a snapshot with the period timer. Taking one capability
/// away must break what the manifest says it is for, or the list is not what the sensor needs.
/// Needs root and BPF; fails (never skips) without them.
/// </summary>
public sealed class SensorCapabilityTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private static IReadOnlyList<string> ManifestCapabilities =>
        Tree.Strings(Tree.At(Assert.Single(RenderedDeploy.Sensor.Containers), "securityContext", "capabilities", "add"))
            .Select(c => c.StartsWith("CAP_", StringComparison.Ordinal) ? c[4..] : c).ToList();

    [Fact]
    public void Sensor_WithTheManifestsCapabilities_TakesASnapshotWithThePeriodTimer()
    {
        var (exit, stdout, stderr) = RunSensorWith(ManifestCapabilities);
        Assert.True(exit == 0, $"ktruth-sensor --once failed (exit {exit}) with only [{string.Join(", ", ManifestCapabilities)}]: {stderr}");
        using var snapshot = JsonDocument.Parse(stdout);
        Assert.Equal("ktruth.io/v1", snapshot.RootElement.GetProperty("apiVersion").GetString());
        // CAP_SYSLOG is in the list for the period timer (kallsyms); without it the sensor degrades to windows.
        Assert.Equal("period-timer", snapshot.RootElement.GetProperty("periodUsageSource").GetString());
        Assert.True(snapshot.RootElement.GetProperty("cgroups").GetArrayLength() > 0, "the snapshot has no cgroups");
    }

    [Theory]
    [InlineData("PERFMON")]
    [InlineData("BPF")]
    public void Sensor_WithoutABpfCapability_RefusesToStartNamingIt(string removed)
    {
        Assert.Contains(removed, ManifestCapabilities);
        var (exit, _, stderr) = RunSensorWith(ManifestCapabilities.Where(c => c != removed));
        Assert.Equal(2, exit); // the sensor's "cannot run on this host" exit
        Assert.Contains($"CAP_{removed}", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Sensor_WithoutSyslog_FallsBackToWindows()
    {
        Assert.Contains("SYSLOG", ManifestCapabilities);
        var (exit, stdout, stderr) = RunSensorWith(ManifestCapabilities.Where(c => c != "SYSLOG"));
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        using var snapshot = JsonDocument.Parse(stdout);
        Assert.Equal("window", snapshot.RootElement.GetProperty("periodUsageSource").GetString());
    }

    /// <summary>
    /// ktruth-sensor --once as the DaemonSet runs it: the manifest's arguments, uid 0 with bounding,
    /// permitted and effective sets limited to <paramref name="capabilities"/> and no_new_privs (a
    /// container with drop ALL + add), and the host's cgroupfs bind-mounted at the --cgroup-root
    /// directory in a private mount namespace, so mountinfo lists both the original mounts and the
    /// bind copies as in the pod. Adds --once, and --all because this host runs no pods.
    /// </summary>
    private static (int Exit, string Stdout, string Stderr) RunSensorWith(IEnumerable<string> capabilities)
    {
        Assert.True(RootCheck(), "these tests start the BPF sensor and mount in a private namespace: they need root (CI runs them as root)");
        var dll = Path.Combine(AppContext.BaseDirectory, "ktruth-sensor.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the project references SensorHost, so the build copies it here");
        var hostCgroup = Directory.CreateTempSubdirectory("ktruth-host-cgroup-").FullName;
        try
        {
            var args = Tree.Strings(Assert.Single(RenderedDeploy.Sensor.Containers).GetValueOrDefault("args")).ToList();
            var root = args.IndexOf("--cgroup-root");
            Assert.True(root >= 0, "the DaemonSet passes no --cgroup-root");
            args[root + 1] = hostCgroup;
            var bounding = "-all" + string.Concat(capabilities.Select(c => ",+" + c.ToLowerInvariant()));
            var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
            // The namespace (and its mount) ends with the process; nothing is left on the host.
            return ProcessRunner.Run("unshare",
                ["--mount", "--propagation", "private", "sh", "-c", "mount --rbind /sys/fs/cgroup \"$0\" && exec \"$@\"", hostCgroup,
                 "setpriv", $"--bounding-set={bounding}", "--inh-caps=-all", "--no-new-privs", dotnet, dll, .. args, "--once", "--all"],
                "run the sensor as the DaemonSet does (unshare and setpriv are in util-linux)", Timeout);
        }
        finally
        {
            Directory.Delete(hostCgroup);
        }
    }

    private static bool RootCheck() =>
        File.ReadLines("/proc/self/status").Any(l => l.StartsWith("Uid:", StringComparison.Ordinal) && l.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0");
}
