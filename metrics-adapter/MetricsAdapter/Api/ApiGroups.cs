namespace KernelTruth.MetricsAdapter.Api;

/// <summary>The groups and versions served. v1beta2 is custom metrics' preferred version (the HPA picks it by discovery).</summary>
internal static class ApiGroups
{
    public const string Custom = "custom.metrics.k8s.io";
    public const string External = "external.metrics.k8s.io";
    public const string V1Beta1 = "v1beta1";
    public const string V1Beta2 = "v1beta2";

    public static IReadOnlyList<string> CustomVersions { get; } = [V1Beta2, V1Beta1];

    public static IReadOnlyList<string> ExternalVersions { get; } = [V1Beta1];

    public static IReadOnlyList<string>? VersionsOf(string group) => group switch
    {
        Custom => CustomVersions,
        External => ExternalVersions,
        _ => null,
    };
}
