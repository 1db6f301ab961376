using KernelTruth.Cluster.Controllers;

namespace KernelTruth.Cluster.Tests.Controllers;

/// <summary>
/// <see cref="WriteGate"/> keeps a digest of our last write, not its text: what it decides must be what comparing the
/// text would decide. Statuses differ here by one character, as two loops' statuses often do ("250m" → "260m").
/// </summary>
public sealed class WriteGateTests
{
    private const string Id = "shop/web";
    private const string A = """{"recommendation":{"cpu":"250m"}}""";
    private const string B = """{"recommendation":{"cpu":"260m"}}""";

    [Fact]
    public void ShouldWrite_NothingWrittenNorCached_True() => Assert.True(new WriteGate().ShouldWrite(Id, A, null));

    [Fact]
    public void ShouldWrite_SameAsTheCache_False() => Assert.False(new WriteGate().ShouldWrite(Id, A, new string(A)));

    [Fact]
    public void ShouldWrite_SameAsOurLastWriteTheCacheHasNotSeen_False()
    {
        var gate = new WriteGate();
        gate.Written(Id, A);

        Assert.False(gate.ShouldWrite(Id, new string(A), null)); // an equal text, not the same string
    }

    [Fact]
    public void ShouldWrite_OneCharacterFromOurLastWrite_True()
    {
        var gate = new WriteGate();
        gate.Written(Id, A);

        Assert.True(gate.ShouldWrite(Id, B, A));
    }

    [Fact]
    public void ShouldWrite_AnotherObjectsLastWrite_DoesNotCount()
    {
        var gate = new WriteGate();
        gate.Written("shop/other", A);

        Assert.True(gate.ShouldWrite(Id, A, null));
    }

    [Fact]
    public void ShouldWrite_AfterForget_TrueAgain()
    {
        var gate = new WriteGate();
        gate.Written(Id, A);
        gate.Forget(Id); // the write failed

        Assert.True(gate.ShouldWrite(Id, A, null));
    }

    [Fact]
    public void ShouldWrite_CacheStillAtTheVersionWeWroteOver_FalseItHasNotSeenOurWrite()
    {
        var gate = new WriteGate();
        gate.Written(Id, ContentDigest.Of(A), "41");

        Assert.False(gate.ShouldWrite(Id, ContentDigest.Of(A), ContentDigest.Of(B), "41"));
    }

    [Fact]
    public void ShouldWrite_CacheAtALaterVersionNotOurs_TrueSomeoneElseChangedIt()
    {
        var gate = new WriteGate();
        gate.Written(Id, ContentDigest.Of(A), "41");

        Assert.True(gate.ShouldWrite(Id, ContentDigest.Of(A), ContentDigest.Of(B), "43"));
    }

    [Fact]
    public void ShouldWrite_CacheAtALaterVersionThatIsOurs_False()
    {
        var gate = new WriteGate();
        gate.Written(Id, ContentDigest.Of(A), "41");

        Assert.False(gate.ShouldWrite(Id, ContentDigest.Of(A), ContentDigest.Of(A), "42"));
    }
}
