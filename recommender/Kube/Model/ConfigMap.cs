namespace KernelTruth.Kube.Model;

public sealed class ConfigMap : IKubeObject
{
    public string? ApiVersion { get; set; } = "v1";
    public string? Kind { get; set; } = "ConfigMap";
    public ObjectMeta? Metadata { get; set; }
    public Dictionary<string, string>? Data { get; set; }

    /// <summary>Base64 values, as on the wire.</summary>
    public Dictionary<string, string>? BinaryData { get; set; }
}
