namespace KernelTruth.Cluster.Configuration;

/// <summary>Where the cluster recommender keeps its checkpoints (--checkpoint-store).</summary>
public enum CheckpointStoreKind
{
    /// <summary>WorkloadCheckpoint objects in the API server: shared by the replicas, kept across restarts and failovers.</summary>
    Cluster,

    /// <summary>The --state file: per pod, lost with an emptyDir; for running outside a cluster's lifecycle (tests, a single host).</summary>
    File,
}
