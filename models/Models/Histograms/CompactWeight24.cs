using System.Runtime.InteropServices;

namespace KernelTruth.Models.Histograms;

/// <summary>
/// <see cref="CompactWeight"/>'s float weight with a 24-bit bucket index (<see cref="BucketIndex"/>): 7 bytes a pair
/// instead of 8, the same floats bit for bit, for the per-period and per-minute demand on the millicore grid
/// (1 000 001 buckets: 1000 cores fit 24 bits, not 16).
/// </summary>
/// <remarks>Worked example: bucket 300 000 (300 cores) = 0x04_93E0, kept as low 0x93E0 and high 0x04.</remarks>
// Packed to 1 byte: a float, a ushort and a byte take 7 bytes, not the 8 natural alignment would pad them to. The
// weight is then mostly unaligned in the array; x64 and arm64 read it unaligned at no cost worth measuring.
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal struct CompactWeight24 : IWeightEntry<CompactWeight24>
{
    private float _weight;
    private readonly ushort _low;
    private readonly byte _high;

    public CompactWeight24(int bucket, double weight)
    {
        int checkedBucket = BucketIndex.Checked(bucket, BucketIndex.Limit24);
        _weight = (float)weight;
        _low = (ushort)checkedBucket;
        _high = (byte)(checkedBucket >> 16);
    }

    public static int Bytes => 7;

    public static int BucketLimit => BucketIndex.Limit24;

    public static bool IsExact => CompactWeight.IsExact;

    public static int MaxDecayExponent => CompactWeight.MaxDecayExponent;

    public static double TieSlack => CompactWeight.TieSlack;

    public readonly int Bucket => _low | (_high << 16);

    public double Weight
    {
        readonly get => _weight;
        set => _weight = (float)value;
    }

    public static CompactWeight24 Create(int bucket, double weight) => new(bucket, weight);
}
