namespace KernelTruth.Kubernetes.Reviews;

/// <summary>Who made a request, as authentication established it (the fields a SubjectAccessReview carries).</summary>
public sealed record UserInfo(string Name, IReadOnlyList<string> Groups, IReadOnlyDictionary<string, IReadOnlyList<string>> Extra, string? Uid = null)
{
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> NoExtra { get; } = new Dictionary<string, IReadOnlyList<string>>();
}
