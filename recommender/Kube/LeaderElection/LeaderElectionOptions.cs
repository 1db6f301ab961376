namespace KernelTruth.Kube.LeaderElection;

/// <summary>
/// Lease-based election timing. The leader must renew within <see cref="RenewDeadline"/> or step
/// down; a candidate takes over only after seeing no renewal for <see cref="LeaseDuration"/>.
/// RenewDeadline &lt; LeaseDuration is what guarantees a partitioned leader has stopped before
/// another starts (client-go's defaults: 15 s / 10 s / 2 s).
/// </summary>
public sealed record LeaderElectionOptions
{
    public required string LeaseNamespace { get; init; }
    public required string LeaseName { get; init; }

    /// <summary>Unique per instance; the pod name is the usual choice.</summary>
    public required string Identity { get; init; }

    public TimeSpan LeaseDuration { get; init; } = LeaderElectionDefaults.LeaseDuration;
    public TimeSpan RenewDeadline { get; init; } = LeaderElectionDefaults.RenewDeadline;

    /// <summary>How often to try to acquire or renew.</summary>
    public TimeSpan RetryPeriod { get; init; } = LeaderElectionDefaults.RetryPeriod;

    /// <summary>On graceful stop, give the lease up so another instance takes over at once. Default true.</summary>
    public bool ReleaseOnCancel { get; init; } = true;

    /// <summary>Every problem at once, or none.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(LeaseNamespace)) errors.Add("LeaseNamespace: empty");
        if (string.IsNullOrWhiteSpace(LeaseName)) errors.Add("LeaseName: empty");
        if (string.IsNullOrWhiteSpace(Identity)) errors.Add("Identity: empty");
        if (LeaseDuration < TimeSpan.FromSeconds(1)) errors.Add($"LeaseDuration: {LeaseDuration} is under 1 s (the Lease stores whole seconds)");
        if (RenewDeadline <= TimeSpan.Zero || RenewDeadline >= LeaseDuration) errors.Add($"RenewDeadline: {RenewDeadline} must be above 0 and below LeaseDuration {LeaseDuration}");
        if (RetryPeriod <= TimeSpan.Zero || RetryPeriod >= RenewDeadline) errors.Add($"RetryPeriod: {RetryPeriod} must be above 0 and below RenewDeadline {RenewDeadline}");
        return errors;
    }
}

public static class LeaderElectionDefaults
{
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan RenewDeadline = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(2);
}
