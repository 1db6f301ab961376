namespace KernelTruth.Kubernetes.Election;

/// <summary>The Lease and its timing, as client-go's leader election takes them. Defaults in brackets.</summary>
public sealed record LeaseElectionOptions
{
    public required string LeaseNamespace { get; init; }

    public required string LeaseName { get; init; }

    /// <summary>This replica's name in the Lease's holderIdentity (the pod name).</summary>
    public required string Identity { get; init; }

    /// <summary>How long a standby waits after the holder's last renewal before taking over [15 s; whole seconds count].</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The leader steps down when it could not renew for this long, before others may take over [10 s].</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Between attempts to acquire or renew [2 s].</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Give the Lease up when stopped, so a standby takes over within a retry period instead of a lease duration [true].</summary>
    public bool ReleaseOnCancel { get; init; } = true;

    /// <summary>Every problem at once, each naming the option.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(LeaseNamespace))
        {
            errors.Add("LeaseNamespace must be set");
        }

        if (string.IsNullOrWhiteSpace(LeaseName))
        {
            errors.Add("LeaseName must be set");
        }

        if (string.IsNullOrWhiteSpace(Identity))
        {
            errors.Add("Identity must be set");
        }

        if (LeaseDuration < TimeSpan.FromSeconds(1))
        {
            errors.Add($"LeaseDuration {LeaseDuration} must be at least 1 s (the Lease counts whole seconds)");
        }

        if (RenewDeadline >= LeaseDuration)
        {
            errors.Add($"RenewDeadline {RenewDeadline} must be shorter than LeaseDuration {LeaseDuration}, or two replicas may lead at once");
        }

        if (RetryPeriod <= TimeSpan.Zero || RetryPeriod >= RenewDeadline)
        {
            errors.Add($"RetryPeriod {RetryPeriod} must be > 0 and shorter than RenewDeadline {RenewDeadline}");
        }

        return errors;
    }
}
