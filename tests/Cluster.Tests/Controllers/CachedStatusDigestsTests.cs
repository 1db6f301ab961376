using KernelTruth.Cluster.Controllers;

namespace KernelTruth.Cluster.Tests.Controllers;

/// <summary>
/// <see cref="CachedStatusDigests"/> serialises a cached status again only when its object's resourceVersion moved. The
/// "status" here is a text serialised by copying it, so <see cref="CachedStatusDigests.Serialised"/> counts the copies.
/// </summary>
public sealed class CachedStatusDigestsTests
{
    private const string Id = "vpa/shop/web";
    private const string A = """{"recommendation":{"cpu":"250m"}}""";
    private const string B = """{"recommendation":{"cpu":"260m"}}""";

    [Fact]
    public void Of_SameResourceVersion_SerialisedOnce()
    {
        var digests = new CachedStatusDigests();
        var first = digests.Of(Id, "41", A, Copy);
        digests.EndLoop();
        var second = digests.Of(Id, "41", A, Copy);

        Assert.Equal(ContentDigest.Of(A), first);
        Assert.Equal(first, second);
        Assert.Equal(1, digests.Serialised);
    }

    [Fact]
    public void Of_ResourceVersionMoved_SerialisedAgainNewDigest()
    {
        var digests = new CachedStatusDigests();
        digests.Of(Id, "41", A, Copy);
        var moved = digests.Of(Id, "42", B, Copy);

        Assert.Equal(ContentDigest.Of(B), moved);
        Assert.Equal(2, digests.Serialised);
    }

    [Fact]
    public void Of_NoResourceVersion_SerialisedEveryTime()
    {
        var digests = new CachedStatusDigests();
        digests.Of(Id, null, A, Copy);
        var again = digests.Of(Id, null, B, Copy);

        Assert.Equal(ContentDigest.Of(B), again);
        Assert.Equal(2, digests.Serialised);
    }

    [Fact]
    public void Of_NoStatus_NullAndNothingSerialised()
    {
        var digests = new CachedStatusDigests();

        Assert.Null(digests.Of<string>(Id, "41", null, Copy));
        Assert.Equal(0, digests.Serialised);
    }

    [Fact]
    public void EndLoop_ObjectNotAskedForInALoop_ForgottenSoSerialisedAgain()
    {
        var digests = new CachedStatusDigests();
        digests.Of(Id, "41", A, Copy);
        digests.Of("vpa/shop/other", "7", B, Copy);
        digests.EndLoop();
        digests.Of("vpa/shop/other", "7", B, Copy); // Id not asked for: deleted, or no longer ours
        digests.EndLoop();
        digests.Of(Id, "41", A, Copy);

        Assert.Equal(3, digests.Serialised); // A, B, then A again; B's second ask was remembered
    }

    private static string Copy(string status) => new(status);
}
