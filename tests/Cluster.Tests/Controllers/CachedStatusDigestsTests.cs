using KernelTruth.Cluster.Controllers;

namespace KernelTruth.Cluster.Tests.Controllers;

/// <summary>
/// <see cref="CachedStatusDigests{TStatus}"/> serialises a cached status again only when it is a new object. The
/// "status" here is a string object (each <c>new string(…)</c> is an instance of its own, as each watch event's
/// status is), serialised by copying it, so <see cref="CachedStatusDigests{TStatus}.Serialised"/> counts the copies.
/// </summary>
public sealed class CachedStatusDigestsTests
{
    private const string A = """{"recommendation":{"cpu":"250m"}}""";
    private const string B = """{"recommendation":{"cpu":"260m"}}""";

    [Fact]
    public void Of_SameObjectAskedInThreeLoops_SerialisedOnce()
    {
        var digests = new CachedStatusDigests<string>(Copy);
        string status = new(A);
        var first = digests.Of(status);
        var second = digests.Of(status);
        var third = digests.Of(status);

        Assert.Equal(ContentDigest.Of(A), first);
        Assert.Equal((first, first), (second, third));
        Assert.Equal(1, digests.Serialised);
    }

    [Fact]
    public void Of_NewObjectWithOtherContent_SerialisedAgainNewDigest()
    {
        var digests = new CachedStatusDigests<string>(Copy);
        digests.Of(new string(A));
        var moved = digests.Of(new string(B));

        Assert.Equal(ContentDigest.Of(B), moved);
        Assert.Equal(2, digests.Serialised);
    }

    [Fact]
    public void Of_NewObjectWithEqualContent_SerialisedAgainSameDigest()
    {
        // Keys are compared by reference, not by value: an equal status in a new object (a watch event that changed
        // only the metadata, say) is serialised once more, never answered from another object's entry.
        var digests = new CachedStatusDigests<string>(Copy);
        var first = digests.Of(new string(A));
        var equal = digests.Of(new string(A));

        Assert.Equal(first, equal);
        Assert.Equal(2, digests.Serialised);
    }

    [Fact]
    public void Of_NoStatus_NullAndNothingSerialised()
    {
        var digests = new CachedStatusDigests<string>(Copy);

        Assert.Null(digests.Of(null));
        Assert.Equal(0, digests.Serialised);
        Assert.Equal(0, digests.Count);
    }

    [Fact]
    public void Of_ObjectTheCacheDropped_CollectedWithItsEntry()
    {
        var digests = new CachedStatusDigests<string>(Copy);
        string kept = new(A);
        var dropped = AskedAndDropped(digests);
        digests.Of(kept);
        Assert.Equal(2, digests.Count);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(dropped.IsAlive); // the table did not keep the status alive
        Assert.Equal(1, digests.Count); // and its entry went with it; the one still held stays
        digests.Of(kept);
        Assert.Equal(2, digests.Serialised);
        GC.KeepAlive(kept);
    }

    /// <summary>A status asked for, then no longer referenced: as one the cache replaced. Not inlined, so nothing on this frame holds it.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference AskedAndDropped(CachedStatusDigests<string> digests)
    {
        string status = new(B);
        digests.Of(status);
        return new WeakReference(status);
    }

    private static string Copy(string status) => new(status);
}
