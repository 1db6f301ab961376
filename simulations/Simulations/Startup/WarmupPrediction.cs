namespace KernelTruth.Simulations.Startup;

/// <summary>A warm-up replayed through one bandwidth setting (<see cref="WarmupReplay"/>).</summary>
/// <param name="ReadySeconds">Exec → the warm-up's work done.</param>
/// <param name="ThrottledPeriods">Periods the kernel would throttle on the way (an expectation, see the replay's tick rule).</param>
/// <param name="DelaySeconds">What the limit adds: ready − W / P (the time spent throttled, per thread).</param>
public sealed record WarmupPrediction(double ReadySeconds, double ThrottledPeriods, double DelaySeconds);
