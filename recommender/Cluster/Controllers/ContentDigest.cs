using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace KernelTruth.Cluster.Controllers;

/// <summary>
/// A 16-byte fingerprint of a text (XxHash128), kept by the write gates instead of the text itself: a WorkloadProfile's
/// status is ~1.4 KB of JSON, ~2.8 KB as a .NET string, held per object only to be compared with the next one.
/// </summary>
/// <remarks>
/// Enough for "did it change": two different statuses of one object get the same digest with probability ~2^-128 per
/// comparison, and even then the worst case is one write skipped until the object's next change or refresh. Not a
/// security boundary: nothing here is adversarial. The digest never leaves the process, so it hashes the string's own
/// UTF-16 bytes (no UTF-8 copy per loop); equal text ⇔ equal bytes either way.
/// </remarks>
internal readonly record struct ContentDigest(UInt128 Value)
{
    public static ContentDigest Of(string text) =>
        new(XxHash128.HashToUInt128(MemoryMarshal.AsBytes(text.AsSpan())));
}
