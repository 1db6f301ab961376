namespace KernelTruth.Recommender.Input;

/// <summary>Why a reading starts a new baseline instead of ending an interval.</summary>
/// <param name="Reason">What changed, for logs and error messages.</param>
/// <param name="CounterReset">A cumulative counter went backwards (read as a reset, as Prometheus' rate() reads it): unexpected, worth a warning.</param>
public sealed record Discontinuity(string Reason, bool CounterReset);
