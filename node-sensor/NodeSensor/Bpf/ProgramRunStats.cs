namespace KernelTruth.NodeSensor.Bpf;

/// <summary>
/// Kernel-measured cost of one program since it was loaded; counts only while run-time stats are
/// enabled (<see cref="BpfObject.EnableRunTimeStats"/>). ns per event = RunTimeNs / RunCount.
/// </summary>
internal readonly record struct ProgramRunStats(ulong RunTimeNs, ulong RunCount, ulong RecursionMisses);
