using System.Text.Json;
using System.Text.Json.Nodes;
using KernelTruth.Cluster.Api;

namespace KernelTruth.Cluster.Tests.Schema;

/// <summary>The two schemas every object we write must satisfy, loaded once.</summary>
internal static class Schemas
{
    private static readonly Lazy<StructuralSchema> VpaSchema = new(() =>
        StructuralSchema.FromCrdFile(Fixture("vpa-v1-crd.yaml"), "verticalpodautoscalers.autoscaling.k8s.io", "v1"));

    private static readonly Lazy<StructuralSchema> ProfileSchema = new(() =>
        StructuralSchema.FromCrdFile(Fixture("workloadprofiles.ktruth.io.yaml"), "workloadprofiles.ktruth.io", "v1alpha1"));

    public static StructuralSchema Vpa => VpaSchema.Value;

    public static StructuralSchema WorkloadProfile => ProfileSchema.Value;

    public static IReadOnlyList<string> ValidateVpa(VerticalPodAutoscaler vpa) =>
        Vpa.Validate(JsonNode.Parse(JsonSerializer.Serialize(vpa, KubernetesJsonContext.Default.VerticalPodAutoscaler)));

    public static IReadOnlyList<string> ValidateProfile(WorkloadProfile profile) =>
        WorkloadProfile.Validate(JsonNode.Parse(JsonSerializer.Serialize(profile, KubernetesJsonContext.Default.WorkloadProfile)));

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
}
