using KernelTruth.Contracts.Cgroups;
using KernelTruth.Contracts.Units;
using KernelTruth.NodeSensor.Cgroups;
using KernelTruth.NodeSensor.KernelFiles;

namespace KernelTruth.NodeSensor.Tests.KernelFiles;

/// <summary>
/// A pod's CPU request read back from the running kernel: a kubepods-like tree made under a test directory of the cpu
/// hierarchy ("/ktruth-test-…/kubepods/burstable/pod&lt;uid&gt;"), cpu.shares (v1) or cpu.weight (v2) written as the kubelet
/// writes it for a 500m request, read by the sensor's reader and turned back into cores. Removed afterwards, also on
/// failure. Root and a mounted cpu controller are required: without them the test fails, it does not skip.
/// </summary>
public sealed class CpuWeightOnKernelTests
{
    private const string PodUid = "0b8f6c3e-4d2a-4e5f-9a1b-2c3d4e5f6a7b";

    [Fact]
    public void Read_PodCgroupWith500mRequest_GivesHalfACore()
    {
        var (hierarchy, root) = Hierarchy();
        string pod = $"{root}/kubepods/burstable/pod{PodUid}";
        try
        {
            string directory = Create(hierarchy, pod);
            // The kubelet: shares = 500 × 1024 / 1000 = 512; on v2 weight = 1 + (512 − 2) × 9999 / 262142 = 20 (integer division).
            File.WriteAllText(Path.Join(directory, hierarchy.Version == 1 ? "cpu.shares" : "cpu.weight"), hierarchy.Version == 1 ? "512" : "20");

            var (shares, weight) = CpuWeightReader.Read(hierarchy, pod);
            double? cores = shares is ulong s ? CpuShares.RequestCores(s) : CpuShares.RequestCoresFromWeight(weight!.Value);

            Assert.Equal(CgroupKinds.Pod, CgroupIdentityParser.Parse(pod).Kind); // the path reads as a pod's, so its share is a request
            // v1 is exact: 512 / 1024 = 0.5. v2: weight 20 came from 501..526 shares, read as 513.5 ⇒ 0.501 cores.
            Assert.Equal(0.5, cores!.Value, hierarchy.Version == 1 ? 1e-12 : 0.013);
        }
        finally
        {
            Remove(hierarchy, root, pod);
        }
    }

    [Fact]
    public void Read_BestEffortMinimum_NoRequest()
    {
        var (hierarchy, root) = Hierarchy();
        string pod = $"{root}/kubepods/besteffort/pod{PodUid}";
        try
        {
            string directory = Create(hierarchy, pod);
            // BestEffort: the kubelet writes the minimum, shares 2 (weight 1). Writing 1 share shows the kernel's clamp on v1.
            File.WriteAllText(Path.Join(directory, hierarchy.Version == 1 ? "cpu.shares" : "cpu.weight"), "1");

            var (shares, weight) = CpuWeightReader.Read(hierarchy, pod);

            if (hierarchy.Version == 1)
            {
                Assert.Equal(2UL, shares); // the kernel's MIN_SHARES
                Assert.Null(CpuShares.RequestCores(shares!.Value));
            }
            else
            {
                Assert.Equal(1UL, weight);
                Assert.Null(CpuShares.RequestCoresFromWeight(weight!.Value));
            }
        }
        finally
        {
            Remove(hierarchy, root, pod);
        }
    }

    private static (CpuHierarchy Hierarchy, string Root) Hierarchy()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Fail("Real-kernel tests need root to create cgroups in the cpu hierarchy; run them as root.");
        }

        return (CpuHierarchy.Detect(), "/ktruth-test-" + Guid.NewGuid().ToString("N")[..12]);
    }

    private static string Create(CpuHierarchy hierarchy, string path)
    {
        string directory = hierarchy.CpuDirectory(path);
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>rmdir from the deepest directory up to the test root (a cgroup directory goes only once it is empty).</summary>
    private static void Remove(CpuHierarchy hierarchy, string root, string path)
    {
        for (string p = path; p.Length >= root.Length; p = p[..p.LastIndexOf('/')])
        {
            string directory = hierarchy.CpuDirectory(p);
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory);
            }
        }
    }
}
