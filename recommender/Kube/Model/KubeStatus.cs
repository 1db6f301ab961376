namespace KernelTruth.Kube.Model;

/// <summary>The API <c>Status</c> object: the body of every error answer and of watch ERROR events.</summary>
public sealed class KubeStatus
{
    public string? ApiVersion { get; set; }
    public string? Kind { get; set; }

    /// <summary>"Success" or "Failure".</summary>
    public string? Status { get; set; }
    public string? Message { get; set; }

    /// <summary>Machine-readable cause: NotFound, AlreadyExists, Conflict, Expired, Gone, TooManyRequests…</summary>
    public string? Reason { get; set; }
    public StatusDetails? Details { get; set; }
    public int Code { get; set; }
}

public sealed class StatusDetails
{
    public string? Name { get; set; }
    public string? Group { get; set; }
    public string? Kind { get; set; }
    public string? Uid { get; set; }
    public List<StatusCause>? Causes { get; set; }
    public int? RetryAfterSeconds { get; set; }
}

public sealed class StatusCause
{
    public string? Reason { get; set; }
    public string? Message { get; set; }
    public string? Field { get; set; }
}
