namespace KernelTruth.Recommender.Forecast;

/// <summary>
/// A workload's forecasting state as part of its owner's entry (<see cref="IDemandSlots"/>): the owner's entry class
/// extends this, so the workload's model entry and its forecasting state are one object, with no header and no
/// reference of a second one (24 bytes per workload). The state is there from the entry's start; whether it is a
/// history yet (what a separate object's presence said) is <see cref="HasHistory"/>.
/// </summary>
internal abstract class HeldDemand : WorkloadDemand
{
    /// <summary>
    /// True once the workload has a demand history: from its first interval, or a history restored or taken over; false
    /// in an entry restored without one and after <see cref="DemandForecasts.Forget"/>. While false the state is empty.
    /// </summary>
    public abstract bool HasHistory { get; set; }
}
