using Xunit.Abstractions;

namespace KernelTruth.KernelProofs;

/// <summary>
/// Which tests of KernelTruth.NodeSensor.Tests run: those that prove the sensor against the running
/// kernel and its cgroups. Everything else there is kernel-independent and runs on the host.
/// </summary>
internal static class ProofSelection
{
    /// <summary>
    /// The sensor's kernel proofs (throttling, throttle vs contention wait, on-CPU time, switches,
    /// per-period usage, faults), the real-cgroup tests (ids and paths in the mounted hierarchy)
    /// and the verifier's verdict on every BPF object.
    /// </summary>
    private static readonly string[] Prefixes =
    [
        "KernelTruth.NodeSensor.Tests.Kernel.",
        "KernelTruth.NodeSensor.Tests.Cgroups.RealCgroupTests.",
        "KernelTruth.NodeSensor.Tests.Bpf.Programs.VerifierTests.",
    ];

    /// <summary>True for a selected test whose full name contains every filter (none: all selected).</summary>
    public static bool Includes(ITestCase test, IReadOnlyList<string> filters)
    {
        string name = $"{test.TestMethod.TestClass.Class.Name}.{test.TestMethod.Method.Name}";
        return Prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal))
            && filters.All(f => name.Contains(f, StringComparison.Ordinal));
    }
}
