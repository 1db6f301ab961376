using KernelTruth.Deploy.Tests.Rendering;

namespace KernelTruth.Deploy.Tests.Manifests;

/// <summary>
/// The sensor DaemonSet gets what loading BPF and reading the host's cgroups needs and nothing
/// that would make it a root shell on every node (deploy/base/sensor/daemonset.yaml says why for each).
/// </summary>
public sealed class SensorSecurityTests
{
    private static readonly string[] AllowedCapabilities = ["BPF", "PERFMON", "SYS_RESOURCE", "SYSLOG"];

    private static Dictionary<string, object?> SensorContainer => Assert.Single(RenderedDeploy.Sensor.Containers);

    [Fact]
    public void Sensor_IsNotPrivileged_AndCannotEscalate()
    {
        var sc = SensorContainer;
        Assert.Equal("false", Tree.At(sc, "securityContext", "privileged"));
        Assert.Equal("false", Tree.At(sc, "securityContext", "allowPrivilegeEscalation"));
        Assert.Equal("true", Tree.At(sc, "securityContext", "readOnlyRootFilesystem"));
        Assert.NotEqual("true", RenderedDeploy.Sensor.PodSpec.GetValueOrDefault("hostNetwork") as string);
        Assert.NotEqual("true", RenderedDeploy.Sensor.PodSpec.GetValueOrDefault("hostIPC") as string);
    }

    [Fact]
    public void Sensor_Capabilities_DropAllAndAddOnlyWhatBpfNeeds()
    {
        var sc = SensorContainer;
        Assert.Equal(["ALL"], Tree.Strings(Tree.At(sc, "securityContext", "capabilities", "drop")));
        var added = Tree.Strings(Tree.At(sc, "securityContext", "capabilities", "add")).ToList();
        // Kubernetes accepts names with or without CAP_; compare without.
        var normalized = added.Select(c => c.StartsWith("CAP_", StringComparison.Ordinal) ? c[4..] : c).ToList();
        Assert.DoesNotContain("SYS_ADMIN", normalized);
        Assert.Equal(AllowedCapabilities.Order(), normalized.Order());
    }

    [Fact]
    public void Sensor_SeesHostPidsAndMountsOnlyCgroupfsAndBtfReadOnly()
    {
        var sensor = RenderedDeploy.Sensor;
        Assert.Equal("true", sensor.PodSpec.GetValueOrDefault("hostPID"));
        var hostPaths = Tree.Maps(sensor.PodSpec.GetValueOrDefault("volumes"))
            .Where(v => v.ContainsKey("hostPath"))
            .ToDictionary(v => (string)v["name"]!, v => (string)Tree.At(v, "hostPath", "path")!);
        Assert.Equal(["/sys/fs/cgroup", "/sys/kernel/btf"], hostPaths.Values.Order());
        var mounts = Tree.Maps(SensorContainer.GetValueOrDefault("volumeMounts"))
            .Where(m => hostPaths.ContainsKey((string)m["name"]!)).ToList();
        Assert.Equal(hostPaths.Count, mounts.Count);
        Assert.All(mounts, m => Assert.Equal("true", m.GetValueOrDefault("readOnly")));
    }

    [Fact]
    public void Sensor_Arguments_ListenOnAllAddressesAndPointAtTheHostCgroupMount()
    {
        var args = Tree.Strings(SensorContainer.GetValueOrDefault("args")).ToList();
        // The recommender scrapes podIP:9470; the sensor's default 127.0.0.1 would refuse it.
        Assert.Equal("0.0.0.0:9470", ValueOf(args, "--listen"));
        var cgroupRoot = ValueOf(args, "--cgroup-root");
        var cgroupMount = Tree.Maps(SensorContainer.GetValueOrDefault("volumeMounts"))
            .Single(m => Equals(m.GetValueOrDefault("name"), "host-cgroup"));
        Assert.Equal(cgroupMount["mountPath"], cgroupRoot);
        Assert.Contains(Tree.Maps(SensorContainer.GetValueOrDefault("ports")), p => Equals(p.GetValueOrDefault("containerPort"), "9470"));
    }

    [Fact]
    public void Sensor_RunsOnEveryNode_WithDiscoveryLabels()
    {
        var sensor = RenderedDeploy.Sensor;
        // operator Exists without a key tolerates every taint: control-plane and tainted pools too.
        Assert.Contains(Tree.Maps(sensor.PodSpec.GetValueOrDefault("tolerations")),
            t => Equals(t.GetValueOrDefault("operator"), "Exists") && !t.ContainsKey("key") && !t.ContainsKey("effect"));
        Assert.Equal("system-node-critical", sensor.PodSpec.GetValueOrDefault("priorityClassName"));
        Assert.Equal("ktruth-sensor", sensor.TemplateLabels["app.kubernetes.io/name"]);
        Assert.Equal("sensor", sensor.TemplateLabels["app.kubernetes.io/component"]);
    }

    [Fact]
    public void Sensor_NamesItsNodeFromTheDownwardApi()
    {
        // SensorIdentity reads NODE_NAME; without it the snapshot carries the pod's host name.
        var env = Tree.Maps(SensorContainer.GetValueOrDefault("env"))
            .Single(e => Equals(e.GetValueOrDefault("name"), "NODE_NAME"));
        Assert.Equal("spec.nodeName", Tree.At(env, "valueFrom", "fieldRef", "fieldPath"));
    }

    [Fact]
    public void Namespace_AdmitsTheSensorUnderPodSecurity()
    {
        // hostPID, hostPath and the BPF capabilities are outside "baseline"; a cluster-wide
        // baseline default would reject the DaemonSet's pods unless the namespace says otherwise.
        var ns = RenderedDeploy.Single("Namespace", RenderedDeploy.Namespace);
        Assert.Equal("privileged", ns.Scalar("metadata", "labels", "pod-security.kubernetes.io/enforce"));
    }

    [Fact]
    public void Sensor_AuthenticatesItsApi_WithTheServiceAccountTokenMounted()
    {
        // --auth kubernetes reviews callers' tokens with the API server and watches the node's pods: both need the
        // account's token in the pod. Which calls it may make is RbacTests' (pods list/watch, the two reviews).
        var args = Tree.Strings(SensorContainer.GetValueOrDefault("args")).ToList();
        Assert.Equal("kubernetes", ValueOf(args, "--auth"));
        Assert.Equal("true", RenderedDeploy.Sensor.PodSpec.GetValueOrDefault("automountServiceAccountToken"));
    }

    [Fact]
    public void Sensor_SecurityProfiles_AreSetExplicitly()
    {
        // Unconfined seccomp is a documented choice (containerd's default profile allows bpf(2) only
        // with CAP_SYS_ADMIN); it must be stated in the manifest, never inherited by omission.
        var pod = RenderedDeploy.Sensor.PodSpec;
        Assert.Equal("Unconfined", Tree.At(pod, "securityContext", "seccompProfile", "type"));
        Assert.Equal("RuntimeDefault", Tree.At(pod, "securityContext", "appArmorProfile", "type"));
    }

    private static string? ValueOf(List<string> args, string flag)
    {
        var i = args.IndexOf(flag);
        return i >= 0 && i + 1 < args.Count ? args[i + 1] : null;
    }
}
