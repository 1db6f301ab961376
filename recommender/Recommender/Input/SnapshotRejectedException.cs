namespace KernelTruth.Recommender.Input;

/// <summary>A whole snapshot cannot be used (unknown version, out of order); the reason says why.</summary>
public sealed class SnapshotRejectedException(string message) : Exception(message);
