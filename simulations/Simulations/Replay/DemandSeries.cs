namespace KernelTruth.Simulations.Replay;

/// <summary>
/// CPU work arriving per period, the input of every replay. <see cref="ArrivalsSeconds"/>[k] is the
/// CPU-seconds of work that became runnable in period k (summed over threads); NaN marks a period
/// whose data is unknown (a gap): replays skip it and drop any backlog there.
/// </summary>
/// <param name="PeriodSeconds">Length of one period.</param>
/// <param name="ArrivalsSeconds">Work arriving per period, CPU-seconds; NaN = unknown.</param>
/// <param name="Cpus">Parallelism cap: at most Cpus × period of CPU per period.</param>
/// <param name="Censoring">How much of the demand was hidden by throttling when it was recorded.</param>
public sealed record DemandSeries(double PeriodSeconds, double[] ArrivalsSeconds, int Cpus, CensoringInfo Censoring)
{
    public int UnknownPeriods => ArrivalsSeconds.Count(double.IsNaN);
}

/// <summary>
/// What the recording could not see. A period throttled when recorded shows usage = what the quota
/// allowed, not what was asked for; its hidden part is reconstructed from the work done in the next
/// period (see <see cref="DemandReconstruction"/>).
/// </summary>
/// <param name="RecordedLimitCores">The limit in force when recorded; null = unlimited.</param>
/// <param name="CensoredPeriods">Periods throttled when recorded (their demand is reconstructed).</param>
/// <param name="KnownPeriods">Periods with data.</param>
public sealed record CensoringInfo(double? RecordedLimitCores, int CensoredPeriods, int KnownPeriods)
{
    public static CensoringInfo None(int knownPeriods) => new(null, 0, knownPeriods);

    public double CensoredShare => KnownPeriods == 0 ? 0 : (double)CensoredPeriods / KnownPeriods;

    /// <summary>
    /// Confidence in a prediction at <paramref name="limitCores"/>, 0..1: the share of periods whose
    /// demand was seen exactly, where a censored period counts half when the candidate limit is at or
    /// below the recorded one (it is throttled in the replay as it was in the kernel; only its wait
    /// rests on the reconstruction) and not at all above it (whether it throttles there rests on the
    /// reconstruction). Worked example: 10 % of periods censored ⇒ 0.95 at or below, 0.90 above.
    /// </summary>
    public double ConfidenceAt(double limitCores)
    {
        double weight = RecordedLimitCores is { } recorded && limitCores <= recorded + 1e-9 ? 0.5 : 1.0;
        return 1.0 - (weight * CensoredShare);
    }
}
