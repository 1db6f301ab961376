namespace KernelTruth.Recommender.Forecast;

/// <summary>
/// Where an owner of per-workload state (the engine) keeps each workload's forecasting state in its own entry
/// (<see cref="HeldDemand"/>, which the entry extends), so that <see cref="DemandForecasts"/> needs no dictionary entry
/// of its own for the workload (24 bytes of entry and 4 of bucket, ~35–50 with a dictionary's spare capacity), no
/// object of its own (16 bytes of header and 8 of the reference to it), and an interval looks the workload up once.
/// </summary>
internal interface IDemandSlots
{
    /// <summary>The workload's entry; null when the owner does not hold the workload.</summary>
    HeldDemand? Slot(string workload);

    /// <summary>Entries that hold a history.</summary>
    int Filled { get; }
}
