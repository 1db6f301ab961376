namespace KernelTruth.NodeSensor.KernelFiles;

/// <summary>
/// One line of a PSI file: the share of wall time (percent) tasks were stalled, averaged over 10 s, 60 s and
/// 300 s, and the cumulative stall time in µs.
/// </summary>
internal sealed record PressureStall(double Avg10, double Avg60, double Avg300, ulong TotalUs);
