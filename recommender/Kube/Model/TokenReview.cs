namespace KernelTruth.Kube.Model;

/// <summary>authentication.k8s.io/v1 TokenReview: create-only; the answer comes back in status.</summary>
public sealed class TokenReview : IKubeObject
{
    public string? ApiVersion { get; set; } = "authentication.k8s.io/v1";
    public string? Kind { get; set; } = "TokenReview";
    public ObjectMeta? Metadata { get; set; }
    public TokenReviewSpec? Spec { get; set; }
    public TokenReviewStatus? Status { get; set; }
}

public sealed class TokenReviewSpec
{
    public string? Token { get; set; }
    public List<string>? Audiences { get; set; }
}

public sealed class TokenReviewStatus
{
    public bool? Authenticated { get; set; }
    public UserInfo? User { get; set; }
    public List<string>? Audiences { get; set; }
    public string? Error { get; set; }
}

public sealed class UserInfo
{
    public string? Username { get; set; }
    public string? Uid { get; set; }
    public List<string>? Groups { get; set; }
    public Dictionary<string, List<string>>? Extra { get; set; }
}
