namespace KernelTruth.Recommender.Forecast;

/// <summary>
/// Where an owner of per-workload state (the engine) keeps each workload's forecasting state beside its own, so that
/// <see cref="DemandForecasts"/> needs no dictionary entry of its own for the workload (24 bytes of entry and 4 of bucket,
/// ~35–50 with a dictionary's spare capacity) and an interval looks the workload up once.
/// </summary>
internal interface IDemandSlots
{
    /// <summary>
    /// The workload's slot (null in it until the workload has a history); a null reference (<see cref="System.Runtime.CompilerServices.Unsafe.IsNullRef{T}(ref readonly T)"/>)
    /// when the owner does not hold the workload.
    /// </summary>
    ref WorkloadDemand? Slot(string workload);

    /// <summary>Slots that hold a history.</summary>
    int Filled { get; }
}
