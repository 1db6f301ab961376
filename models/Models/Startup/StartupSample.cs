using System.Runtime.InteropServices;

namespace KernelTruth.Models.Startup;

/// <summary>
/// One container start as the sensor measured it: floats, 28 bytes, because a workload keeps a ring of them.
/// </summary>
/// <param name="Key">Identifies the start (node, cgroup id, creation time hashed): a finished start is in every later snapshot and must count once.</param>
/// <param name="ReadySeconds">First exec → first listen, else → CPU settled; NaN when neither happened within the window.</param>
/// <param name="CpuCoreSeconds">CPU from the cgroup's creation to N after its first exec.</param>
/// <param name="ThrottledSeconds">Time throttled over the same span.</param>
/// <param name="WarmupCpuCoreSeconds">CPU from the creation to ready: the warm-up's work; NaN when not ready or not measured (older sensors).</param>
/// <param name="WarmupThrottledSeconds">Time throttled from the creation to ready; NaN likewise.</param>
// Packed to 4 bytes: a ulong and five floats take 28 bytes, not the 32 natural alignment would pad them to.
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public readonly record struct StartupSample(
    ulong Key,
    float ReadySeconds,
    float CpuCoreSeconds,
    float ThrottledSeconds,
    float WarmupCpuCoreSeconds = float.NaN,
    float WarmupThrottledSeconds = float.NaN);
