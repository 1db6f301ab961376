using KernelTruth.NodeSensor.Bpf;

namespace KernelTruth.NodeSensor.Tests.Kernel;

/// <summary>
/// Kernel tests need root, BPF with BTF, a cgroup v1 cpu hierarchy and stress-ng. When any is
/// missing they fail with what is missing: they never skip, in CI or anywhere else.
/// </summary>
internal static class KernelRequirements
{
    public const string CpuRoot = "/sys/fs/cgroup/cpu";
    public const string CpuacctRoot = "/sys/fs/cgroup/cpuacct";

    private static readonly Lazy<string?> Problem = new(Find);

    public static void Require()
    {
        if (Problem.Value is { } problem)
        {
            Assert.Fail($"kernel test prerequisites are missing: {problem}");
        }
    }

    private static string? Find()
    {
        var problems = BpfEnvironment.Check().Select(p => p.Message).ToList();
        if (!File.Exists(Path.Combine(CpuRoot, "cpu.cfs_quota_us")))
        {
            problems.Add($"no cgroup v1 cpu hierarchy at {CpuRoot} (these tests create cgroups there)");
        }

        if (!File.Exists("/usr/bin/stress-ng"))
        {
            problems.Add("stress-ng is not installed (apt-get install -y stress-ng)");
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }
}
