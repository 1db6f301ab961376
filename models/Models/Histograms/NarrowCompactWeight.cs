using System.Runtime.InteropServices;

namespace KernelTruth.Models.Histograms;

/// <summary>
/// <see cref="CompactWeight"/>'s float weight with a 16-bit bucket (<see cref="NarrowBucket"/>): 6 bytes a pair instead
/// of 8, the same floats bit for bit, for the wait histograms (the sensor's 27 log2 slots).
/// </summary>
// Packed to 2 bytes: a float and a ushort take 6 bytes, not the 8 natural alignment would pad them to.
[StructLayout(LayoutKind.Sequential, Pack = 2)]
internal struct NarrowCompactWeight(int bucket, double weight) : IWeightEntry<NarrowCompactWeight>
{
    private float _weight = (float)weight;
    private readonly ushort _bucket = NarrowBucket.From(bucket);

    public static int Bytes => 6;

    public static int BucketLimit => NarrowBucket.Limit;

    public static bool IsExact => CompactWeight.IsExact;

    public static int MaxDecayExponent => CompactWeight.MaxDecayExponent;

    public static double TieSlack => CompactWeight.TieSlack;

    public readonly int Bucket => _bucket;

    public double Weight
    {
        readonly get => _weight;
        set => _weight = (float)value;
    }

    public static NarrowCompactWeight Create(int bucket, double weight) => new(bucket, weight);
}
