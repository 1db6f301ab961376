namespace KernelTruth.Cli.Configuration;

/// <summary>What `ktruth record` was asked to do.</summary>
internal sealed record RecordSettings
{
    /// <summary>--cgroup, repeatable: as /proc/&lt;pid&gt;/cgroup shows it, or an absolute cgroupfs path.</summary>
    public IReadOnlyList<string> Cgroups { get; init; } = [];

    /// <summary>--duration (formerly --seconds), in seconds: how long to record. Valid 1 – 86 400.</summary>
    public double Seconds { get; init; } = CliDefaults.RecommendDuration.TotalSeconds;

    /// <summary>--out: the trace file to write.</summary>
    public string Out { get; init; } = "";

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Cgroups.Count == 0 || Cgroups.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("--cgroup must name a cgroup (repeat it for several), e.g. /kubepods.slice/... as /proc/<pid>/cgroup shows it");
        }
        else if (Cgroups.Count > 64)
        {
            errors.Add($"--cgroup is given {Cgroups.Count} times; at most 64 cgroups are recorded at once");
        }

        if (!(Seconds >= 1 && Seconds <= 86_400))
        {
            errors.Add($"--duration {Output.Units.Duration(Seconds)} is outside 1s–24h");
        }

        if (string.IsNullOrWhiteSpace(Out))
        {
            errors.Add("--out must name the trace file to write, e.g. trace.json");
        }

        return errors;
    }
}
