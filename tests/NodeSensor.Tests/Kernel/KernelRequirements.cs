using KernelTruth.NodeSensor.Bpf;
using KernelTruth.NodeSensor.Cgroups;

namespace KernelTruth.NodeSensor.Tests.Kernel;

/// <summary>
/// Kernel tests need root, BPF with BTF, a cpu controller that test cgroups can be limited in
/// (cgroup v1's cpu hierarchy, or v2 with cpu enabled in the root's cgroup.subtree_control) and
/// stress-ng. When any is missing they fail with what is missing: they never skip, in CI or
/// anywhere else.
/// </summary>
internal static class KernelRequirements
{
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
        if (CpuControllerProblem() is { } cpu)
        {
            problems.Add(cpu);
        }

        if (!File.Exists("/usr/bin/stress-ng"))
        {
            problems.Add("stress-ng is not installed (apt-get install -y stress-ng)");
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static string? CpuControllerProblem()
    {
        CpuHierarchy hierarchy;
        try
        {
            hierarchy = CpuHierarchy.Detect();
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }

        if (hierarchy.Version == 1)
        {
            return File.Exists(Path.Combine(hierarchy.CpuMount, "cpu.cfs_quota_us"))
                ? null
                : $"the cgroup v1 cpu hierarchy at {hierarchy.CpuMount} has no cpu.cfs_quota_us (CONFIG_CFS_BANDWIDTH)";
        }

        // v2: a child of the root gets cpu.max and cpu.stat's throttling counters only when the
        // root hands the cpu controller down.
        string subtree = Path.Combine(hierarchy.CpuMount, "cgroup.subtree_control");
        return File.Exists(subtree) && File.ReadAllText(subtree).Split(' ', '\n').Contains("cpu")
            ? null
            : $"cgroup v2 at {hierarchy.CpuMount} does not enable cpu for its children (echo +cpu > {subtree})";
    }
}
