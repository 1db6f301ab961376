namespace KernelTruth.Kube.Client;

/// <summary>One page of a list, with the version to watch from and the token of the next page.</summary>
public sealed record KubeList<T>(IReadOnlyList<T> Items, string? ResourceVersion, string? Continue);
