namespace KernelTruth.Kube.Model;

/// <summary>authorization.k8s.io/v1 SubjectAccessReview: create-only; the verdict comes back in status.</summary>
public sealed class SubjectAccessReview : IKubeObject
{
    public string? ApiVersion { get; set; } = "authorization.k8s.io/v1";
    public string? Kind { get; set; } = "SubjectAccessReview";
    public ObjectMeta? Metadata { get; set; }
    public SubjectAccessReviewSpec? Spec { get; set; }
    public SubjectAccessReviewStatus? Status { get; set; }
}

public sealed class SubjectAccessReviewSpec
{
    public ResourceAttributes? ResourceAttributes { get; set; }
    public NonResourceAttributes? NonResourceAttributes { get; set; }
    public string? User { get; set; }
    public List<string>? Groups { get; set; }
    public Dictionary<string, List<string>>? Extra { get; set; }
    public string? Uid { get; set; }
}

public sealed class ResourceAttributes
{
    public string? Namespace { get; set; }
    public string? Verb { get; set; }
    public string? Group { get; set; }
    public string? Version { get; set; }
    public string? Resource { get; set; }
    public string? Subresource { get; set; }
    public string? Name { get; set; }
}

public sealed class NonResourceAttributes
{
    public string? Path { get; set; }
    public string? Verb { get; set; }
}

public sealed class SubjectAccessReviewStatus
{
    public bool Allowed { get; set; }
    public bool? Denied { get; set; }
    public string? Reason { get; set; }
    public string? EvaluationError { get; set; }
}
