namespace KernelTruth.Cluster.Backfill;

/// <summary>Prometheus cannot be read at all (unreachable, refused, not Prometheus); the message is one line for the log.</summary>
public sealed class HistoryUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
