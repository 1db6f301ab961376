using System.Runtime.InteropServices;

namespace KernelTruth.Models.Histograms;

/// <summary>
/// <see cref="ExactWeight"/>'s double weight with a 16-bit bucket index (<see cref="BucketIndex"/>): 10 bytes a pair
/// instead of 12, the same arithmetic bit for bit, for the VPA baseline (CPU and memory, 176 buckets each) and our
/// memory peaks (922 buckets).
/// </summary>
// Packed to 2 bytes: a double and a ushort take 10 bytes, not the 16 natural alignment would pad them to. The weight
// is then not 8-byte aligned in the array; x64 and arm64 read it unaligned at no cost worth measuring.
[StructLayout(LayoutKind.Sequential, Pack = 2)]
internal struct ExactWeight16(int bucket, double weight) : IWeightEntry<ExactWeight16>
{
    private double _weight = weight;
    private readonly ushort _bucket = BucketIndex.To16(bucket);

    public static int Bytes => 10;

    public static int BucketLimit => BucketIndex.Limit16;

    public static bool IsExact => ExactWeight.IsExact;

    public static int MaxDecayExponent => ExactWeight.MaxDecayExponent;

    public static double TieSlack => ExactWeight.TieSlack;

    public readonly int Bucket => _bucket;

    public double Weight
    {
        readonly get => _weight;
        set => _weight = value;
    }

    public static ExactWeight16 Create(int bucket, double weight) => new(bucket, weight);
}
