namespace KernelTruth.NodeSensor.KernelFiles;

/// <summary>
/// A cgroup's <c>cpu.pressure</c> (PSI). Note both lines include time spent throttled by cpu.max, not only
/// contention, so this is a cross-check, not the contention signal.
/// </summary>
/// <param name="Some">At least one runnable task of the cgroup was waiting.</param>
/// <param name="Full">All non-idle tasks were waiting; null on kernels before 5.13, which lack the line.</param>
internal sealed record CpuPressure(PressureStall Some, PressureStall? Full);
