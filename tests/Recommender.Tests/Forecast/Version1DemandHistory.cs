using System.Buffers.Binary;
using KernelTruth.Simulations.Forecast;

namespace KernelTruth.Recommender.Tests.Forecast;

/// <summary>
/// <see cref="DemandHistory"/> bytes of format 1 (floats, 971 bytes), as builds before format 2 wrote them, built here
/// by that layout for the tests that load old checkpoints. Shared with Cluster.Tests (linked).
/// </summary>
internal static class Version1DemandHistory
{
    /// <summary>
    /// A covered week at <paramref name="cores"/> everywhere: [0] 1, [1..8] <paramref name="lastMinute"/>, [9] ring
    /// count 30, [10] next 0, [11..682] 168 float means, [683..850] 168 counts (60: an hour each), [851..970] 30 float
    /// minutes.
    /// </summary>
    public static byte[] FlatWeek(long lastMinute, float cores)
    {
        byte[] bytes = new byte[DemandHistory.SavedBytesVersion1];
        bytes[0] = 1;
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(1), lastMinute);
        (bytes[9], bytes[10]) = (30, 0);
        for (int slot = 0; slot < 168; slot++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(11 + (slot * 4)), cores);
            bytes[683 + slot] = 60;
        }

        for (int i = 0; i < 30; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(851 + (i * 4)), cores);
        }

        return bytes;
    }
}
