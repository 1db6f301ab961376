namespace KernelTruth.Models.Input;

/// <summary>
/// <paramref name="Count"/> CFS periods whose CPU usage, in cores (CPU-seconds in the period / period
/// length), lay in [<paramref name="LowerCores"/>, <paramref name="UpperCores"/>). A bucket with
/// lower = upper is an exact value.
/// </summary>
/// <remarks>Worked example: the sensor's slot [29 696 µs, 30 720 µs) with a 100 ms period is [0.29696, 0.3072) cores.</remarks>
public readonly record struct UsageBucket(double LowerCores, double UpperCores, long Count);
