using KernelTruth.NodeSensor.Cgroups;

namespace KernelTruth.NodeSensor.Tests.Cgroups;

/// <summary>Recorded cgroup trees and mountinfo files under Fixtures/, as hierarchies the readers accept.</summary>
internal static class CgroupFixtures
{
    /// <summary>Relative path of the v2 fixture's container (systemd driver, containerd, burstable).</summary>
    public const string V2Pod = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod679d3836_d2a6_43d3_a3c4_bcd45922a9c7.slice";

    public const string V2Container = V2Pod + "/cri-containerd-e4d8a1987ca72758797f449f7db8636b608a956feb0210d6515d48ccaab54fdf.scope";

    /// <summary>Relative path of the v1 fixture's container (cgroupfs driver, burstable).</summary>
    public const string V1Container = "/kubepods/burstable/pod40469a73-bad4-4708-bd0b-0394f861f50a/f27eb5feedafc959919f86c7a88c2a6cf5e6bbadc398ce36357a270203eb12a1";

    public static string PathOf(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    /// <summary>v1 with cpu, cpuacct and memory mounted separately.</summary>
    public static CpuHierarchy V1() => CpuHierarchy.Detect(PathOf("mountinfo", "v1-split"), PathOf("cgroup-v1"));

    public static CpuHierarchy V1CoMounted() =>
        CpuHierarchy.Detect(PathOf("mountinfo", "v1-comounted"), PathOf("cgroup-v1-comounted"));

    public static CpuHierarchy V2() => CpuHierarchy.Detect(PathOf("mountinfo", "v2"), PathOf("cgroup-v2"));
}
