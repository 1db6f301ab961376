using System.Runtime.InteropServices;

namespace KernelTruth.Models.Histograms;

/// <summary>
/// <see cref="CompactWeight"/>'s float weight with a 16-bit bucket index (<see cref="BucketIndex"/>): 6 bytes a pair
/// instead of 8, the same floats bit for bit, for the wait histograms (the sensor's 27 log2 slots).
/// </summary>
// Packed to 2 bytes: a float and a ushort take 6 bytes, not the 8 natural alignment would pad them to.
[StructLayout(LayoutKind.Sequential, Pack = 2)]
internal struct CompactWeight16(int bucket, double weight) : IWeightEntry<CompactWeight16>
{
    private float _weight = (float)weight;
    private readonly ushort _bucket = BucketIndex.To16(bucket);

    public static int Bytes => 6;

    public static int BucketLimit => BucketIndex.Limit16;

    public static bool IsExact => CompactWeight.IsExact;

    public static int MaxDecayExponent => CompactWeight.MaxDecayExponent;

    public static double TieSlack => CompactWeight.TieSlack;

    public readonly int Bucket => _bucket;

    public double Weight
    {
        readonly get => _weight;
        set => _weight = (float)value;
    }

    public static CompactWeight16 Create(int bucket, double weight) => new(bucket, weight);
}
