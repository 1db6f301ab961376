namespace KernelTruth.Kube.TestServer;

/// <summary>
/// One request as the server understood it. <see cref="Verb"/> is the RBAC verb (get, list,
/// watch, create, update, patch, delete), so tests can derive the permissions code needs.
/// </summary>
public sealed record RecordedRequest(
    string Verb,
    string Group,
    string Version,
    string Resource,
    string? Subresource,
    string? Namespace,
    string? Name,
    string User,
    int StatusCode,
    bool Faulted);
