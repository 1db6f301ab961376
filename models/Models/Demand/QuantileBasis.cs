namespace KernelTruth.Models.Demand;

/// <summary>Whether a demand answer rests on exact observations or on the censored-tail assumption.</summary>
public enum QuantileBasis
{
    /// <summary>No periods observed yet.</summary>
    NoData,

    /// <summary>Exact (unthrottled) periods alone place the answer: usage was demand.</summary>
    Observed,

    /// <summary>
    /// The answer needs the mass of throttled periods, known only as "demand ≥ the limit", spread
    /// above the limit by the bounded censored-demand assumption: treat it as an estimate, not a measurement.
    /// </summary>
    Extrapolated,
}
