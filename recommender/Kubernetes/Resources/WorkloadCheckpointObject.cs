using System.Text.Json;
using k8s;
using k8s.Models;

namespace KernelTruth.Kubernetes.Resources;

/// <summary>
/// ktruth.io/v1alpha1 WorkloadCheckpoint: one workload container's model, saved by the Lease holder so a restarted or
/// failed-over recommender keeps its history (the role of VPA's VerticalPodAutoscalerCheckpoint); one more object, with
/// <see cref="WorkloadCheckpointSpec.Forecaster"/> and no model, holds the global demand forecaster. Lives in the
/// recommender's own namespace. CRD: deploy/base/crds/workloadcheckpoints.ktruth.io.yaml.
/// </summary>
public sealed record WorkloadCheckpointObject : IKubernetesObject<V1ObjectMeta>
{
    public static readonly CustomResource Resource = new("ktruth.io", "v1alpha1", "workloadcheckpoints", "WorkloadCheckpoint");

    public string ApiVersion { get; set; } = Resource.ApiVersion;

    public string Kind { get; set; } = Resource.Kind;

    public V1ObjectMeta Metadata { get; set; } = new();

    public WorkloadCheckpointSpec? Spec { get; init; }
}

public sealed record WorkloadCheckpointSpec
{
    /// <summary>The recommender's workload key: namespace/kind/name/container; on the forecaster's object a reserved key that is no workload's.</summary>
    public required string Workload { get; init; }

    /// <summary>RFC 3339, when the Lease holder wrote it.</summary>
    public required string SavedAt { get; init; }

    /// <summary>RFC 3339, when data for the workload last arrived (its idle time counts from here); absent in older objects.</summary>
    public string? LastData { get; init; }

    /// <summary>The workload's demand history for forecasts, base64 (the state file's bytes for it); absent in older objects.</summary>
    public string? DemandHistory { get; init; }

    /// <summary>The workload's forecast guard (checked forecasts and their recent error), base64 of 13 bytes; absent in older objects.</summary>
    public string? ForecastGuard { get; init; }

    /// <summary>
    /// Only on the forecaster's object: the fitted demand forecaster, base64 of the state file's bytes for it (~77 KB,
    /// ~103 KB as base64); the recommender refuses to write more than 768 KiB of it.
    /// </summary>
    public string? Forecaster { get; init; }

    /// <summary>
    /// The model, in the recommender's own checkpoint format (the state file's per-workload entry, which carries its
    /// own version); kept as JSON, never interpreted by this layer. Absent only on the forecaster's object.
    /// </summary>
    public JsonElement? Model { get; init; }

    /// <summary>
    /// The workload's recent container starts in the recommender's start-history format (its own version); absent when
    /// none was seen and in objects written before starts were kept. Kept as JSON, never interpreted by this layer.
    /// </summary>
    public JsonElement? Startups { get; init; }

    /// <summary>
    /// Present while the workload's recommendations still rest on history the sensor did not measure (Day-0 history
    /// from Prometheus); absent once the sensor's own data has taken over and in objects written before it was kept.
    /// </summary>
    public WorkloadCheckpointBorrowedHistory? BorrowedHistory { get; init; }
}

/// <summary>Where a workload's borrowed history came from ("prometheus") and when the sensor first measured it (RFC 3339; absent: not yet).</summary>
public sealed record WorkloadCheckpointBorrowedHistory
{
    public required string Source { get; init; }

    public string? FirstMeasured { get; init; }
}
