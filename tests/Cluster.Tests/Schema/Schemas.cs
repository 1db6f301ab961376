using System.Text.Json.Nodes;
using k8s;
using KernelTruth.Kubernetes.Resources;

namespace KernelTruth.Cluster.Tests.Schema;

/// <summary>The schemas every object we write must satisfy, loaded once.</summary>
internal static class Schemas
{
    private static readonly Lazy<StructuralSchema> VpaSchema = new(() =>
        StructuralSchema.FromCrdFile(Fixture("vpa-v1-crd.yaml"), "verticalpodautoscalers.autoscaling.k8s.io", "v1"));

    private static readonly Lazy<StructuralSchema> ProfileSchema = new(() =>
        StructuralSchema.FromCrdFile(Fixture("workloadprofiles.ktruth.io.yaml"), "workloadprofiles.ktruth.io", "v1alpha1"));

    private static readonly Lazy<StructuralSchema> CheckpointSchema = new(() =>
        StructuralSchema.FromCrdFile(Fixture("workloadcheckpoints.ktruth.io.yaml"), "workloadcheckpoints.ktruth.io", "v1alpha1"));

    public static StructuralSchema Vpa => VpaSchema.Value;

    public static StructuralSchema WorkloadCheckpoint => CheckpointSchema.Value;

    public static StructuralSchema WorkloadProfile => ProfileSchema.Value;

    public static IReadOnlyList<string> ValidateVpa(VerticalPodAutoscaler vpa) =>
        Vpa.Validate(JsonNode.Parse(KubernetesJson.Serialize(vpa)));

    public static IReadOnlyList<string> ValidateProfile(Kubernetes.Resources.WorkloadProfile profile) =>
        WorkloadProfile.Validate(JsonNode.Parse(KubernetesJson.Serialize(profile)));

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
}
