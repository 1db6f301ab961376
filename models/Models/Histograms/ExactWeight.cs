using System.Runtime.InteropServices;

namespace KernelTruth.Models.Histograms;

/// <summary>A (bucket, double weight) pair: VPA's float64 arithmetic, for the VPA baseline and memory peaks.</summary>
// Packed to 4 bytes: an int and a double take 12 bytes, not the 16 natural alignment would pad them to.
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal struct ExactWeight(int bucket, double weight) : IWeightEntry<ExactWeight>
{
    private double _weight = weight;

    public static int Bytes => 12;

    public static int BucketLimit => int.MaxValue;

    public static bool IsExact => true;

    /// <summary>VPA's maxDecayExponent.</summary>
    public static int MaxDecayExponent => 100;

    /// <summary>None: VPA compares p·total with the cumulative weight as it is.</summary>
    public static double TieSlack => 0.0;

    public readonly int Bucket { get; } = bucket;

    public double Weight
    {
        readonly get => _weight;
        set => _weight = value;
    }

    public static ExactWeight Create(int bucket, double weight) => new(bucket, weight);
}
