using System.Text.Json.Serialization;

namespace KernelTruth.Kube.Model;

/// <summary>coordination.k8s.io/v1 Lease, the lock object of leader election.</summary>
public sealed class Lease : IKubeObject
{
    public string? ApiVersion { get; set; } = "coordination.k8s.io/v1";
    public string? Kind { get; set; } = "Lease";
    public ObjectMeta? Metadata { get; set; }
    public LeaseSpec? Spec { get; set; }
}

public sealed class LeaseSpec
{
    /// <summary>Who holds the lease; empty or null means nobody (released).</summary>
    public string? HolderIdentity { get; set; }
    public int? LeaseDurationSeconds { get; set; }

    [JsonConverter(typeof(KubeMicroTimeConverter))]
    public DateTimeOffset? AcquireTime { get; set; }

    [JsonConverter(typeof(KubeMicroTimeConverter))]
    public DateTimeOffset? RenewTime { get; set; }

    /// <summary>How many times the holder changed.</summary>
    public int? LeaseTransitions { get; set; }
}
