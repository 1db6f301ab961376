namespace KernelTruth.Cli.Configuration;

/// <summary>
/// The built-in bursty workload: every <see cref="EveryMs"/> each of <see cref="Threads"/> threads
/// burns <see cref="BurstMs"/> of its own CPU time, then sleeps until the next slot. Demand is
/// Threads × BurstMs / EveryMs cores: 30 ms every 100 ms on 1 thread = 0.3 cores.
/// </summary>
internal sealed record BurstSettings
{
    /// <summary>--burst-ms: CPU time per burst per thread. Valid 1 – 10 000 and ≤ every-ms.</summary>
    public int BurstMs { get; init; } = CliDefaults.DemoBurstMs;

    /// <summary>--every-ms: time between burst starts. Valid 1 – 60 000.</summary>
    public int EveryMs { get; init; } = CliDefaults.DemoEveryMs;

    /// <summary>--threads. Valid 1 – 64.</summary>
    public int Threads { get; init; } = CliDefaults.DemoThreads;

    /// <summary>--seconds: how long the workload runs. Valid 0.1 – 86 400.</summary>
    public double Seconds { get; init; } = 10;

    /// <summary>--missed: what a thread does with the slots that passed while it was still burning.</summary>
    public MissedSlots Missed { get; init; } = MissedSlots.Skip;

    /// <summary>Cores the workload asks for when nothing stops it.</summary>
    public double DemandCores => (double)Threads * BurstMs / EveryMs;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (BurstMs is < 1 or > 10_000)
        {
            errors.Add($"--burst-ms {BurstMs} is outside 1–10000");
        }

        if (EveryMs is < 1 or > 60_000)
        {
            errors.Add($"--every-ms {EveryMs} is outside 1–60000");
        }
        else if (BurstMs > EveryMs)
        {
            errors.Add($"--burst-ms {BurstMs} is longer than --every-ms {EveryMs}: a thread cannot burn more than it has");
        }

        if (Threads is < 1 or > 64)
        {
            errors.Add($"--threads {Threads} is outside 1–64");
        }

        if (!(Seconds >= 0.1 && Seconds <= 86_400))
        {
            errors.Add($"--seconds {Seconds} is outside 0.1–86400");
        }

        return errors;
    }
}
