namespace KernelTruth.Cli.Observing;

/// <summary>Snapshots taken of those planned; past the plan when waiting for the VPA baseline's minute.</summary>
internal readonly record struct ObservationProgress(int Samples, int Planned)
{
    public double Fraction => Planned > 0 ? Math.Min(1.0, (double)Samples / Planned) : 1.0;

    public bool WaitingForMinute => Samples >= Planned;
}
