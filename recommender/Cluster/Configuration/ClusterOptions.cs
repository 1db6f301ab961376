using System.Globalization;
using KernelTruth.Cluster.Vpa;

namespace KernelTruth.Cluster.Configuration;

/// <summary>How the cluster recommender finds its sensors and what it owns. Defaults in brackets.</summary>
public sealed record ClusterOptions
{
    /// <summary>Our namespace: sensors are found here and the Lease lives here. Required.</summary>
    public required string Namespace { get; init; }

    /// <summary>Label selector (key=value) of the sensor pods [app.kubernetes.io/name=ktruth-sensor].</summary>
    public string SensorSelector { get; init; } = "app.kubernetes.io/name=ktruth-sensor";

    /// <summary>The sensors' HTTP port [9470].</summary>
    public int SensorPort { get; init; } = 9470;

    /// <summary>A sensor slower than this loses only its node's data this cycle [5 s].</summary>
    public TimeSpan SensorTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often a cluster without the VPA CRD is asked again whether it has one [30 s]. Without it the recommender runs
    /// and writes WorkloadProfiles; VPA statuses start once the CRD appears.
    /// </summary>
    public TimeSpan VpaRecheck { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Where checkpoints are kept [Cluster: WorkloadCheckpoint objects in <see cref="Namespace"/>].</summary>
    public CheckpointStoreKind CheckpointStore { get; init; } = CheckpointStoreKind.Cluster;

    /// <summary>
    /// How often a WorkloadProfile whose changes are only measured numbers (usage, percentiles, evidence counts, the
    /// forecast's value) is written [5 min; 0 = every change, else 1 s–1 h]. A change a reader acts on — the
    /// recommendation, current resources, a condition's status, the forecast's source — is written at once
    /// (<see cref="Profiles.ActionableStatus"/>). 5 min at a 10 s loop: one write in 30 loops per profile.
    /// </summary>
    public TimeSpan ProfileRefresh { get; init; } = DefaultProfileRefresh;

    public static readonly TimeSpan DefaultProfileRefresh = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan MinProfileRefresh = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxProfileRefresh = TimeSpan.FromHours(1);

    /// <summary>VPA ownership and the base recommendation policy.</summary>
    public VpaOptions Vpa { get; init; } = new();

    /// <summary>Every problem at once, for a start-up error that says what to change.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Namespace))
        {
            errors.Add("namespace must be set (--namespace or POD_NAMESPACE)");
        }

        if (SensorSelector.Split('=') is not [{ Length: > 0 }, { Length: > 0 }])
        {
            errors.Add($"sensor selector must be key=value (was '{SensorSelector}')");
        }

        if (SensorPort is < 1 or > 65535)
        {
            errors.Add($"sensor port must be in 1..65535 (was {SensorPort})");
        }

        if (SensorTimeout <= TimeSpan.Zero)
        {
            errors.Add($"sensor timeout must be > 0 (was {SensorTimeout})");
        }

        if (VpaRecheck <= TimeSpan.Zero)
        {
            errors.Add($"VPA recheck interval must be > 0 (was {VpaRecheck})");
        }

        if (ProfileRefresh != TimeSpan.Zero && (ProfileRefresh < MinProfileRefresh || ProfileRefresh > MaxProfileRefresh))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"--profile-refresh-interval {ProfileRefresh.TotalSeconds:0.###} s is outside 1 s – 3600 s (or 0s: every change)"));
        }

        if (string.IsNullOrWhiteSpace(Vpa.RecommenderName))
        {
            errors.Add("recommender name must not be empty");
        }

        errors.AddRange(Vpa.Policy.Validate());
        return errors;
    }
}
