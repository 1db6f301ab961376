using k8s;
using KernelTruth.Cli.Output;
using KernelTruth.Kubernetes.Resources;

namespace KernelTruth.Cli.Profiles;

/// <summary>
/// `-o json` and `-o yaml`: the WorkloadProfiles themselves in a v1 List, as `kubectl get ktp -o json|yaml` prints
/// them, with the API client's own serializers. So `ktruth get -A -o json | ktruth report --from -` reads what it wrote.
/// </summary>
internal static class ProfileDocuments
{
    public static void Write(IReadOnlyList<WorkloadProfile> profiles, OutputFormat format, TextWriter o)
    {
        var list = new CustomResourceList<WorkloadProfile> { ApiVersion = "v1", Kind = "List", Items = [.. profiles] };
        o.Write(format == OutputFormat.Yaml ? KubernetesYaml.Serialize(list) : KubernetesJson.Serialize(list) + "\n");
    }
}
