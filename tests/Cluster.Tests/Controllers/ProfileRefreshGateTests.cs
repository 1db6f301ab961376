using KernelTruth.Cluster.Controllers;
using KernelTruth.Kubernetes.Resources;

namespace KernelTruth.Cluster.Tests.Controllers;

/// <summary>
/// <see cref="ProfileRefreshGate"/> keeps digests of our last write's content and actionable key: a change of either
/// must still be seen. Refresh 5 min; "later" is 10 s after our write, so only an actionable change writes at once.
/// </summary>
public sealed class ProfileRefreshGateTests
{
    private const string Id = "shop/deployment-web-app";
    private static readonly TimeSpan Refresh = TimeSpan.FromMinutes(5);
    private static readonly DateTimeOffset Now = SampleProfileStatus.Now;
    private static readonly DateTimeOffset Later = Now.AddSeconds(10);
    private readonly WorkloadProfileStatus _status = SampleProfileStatus.Build();

    [Fact]
    public void Decide_SameAsOurLastWrite_Unchanged()
    {
        var gate = Written(_status);

        Assert.Equal(ProfileWrite.Unchanged, gate.Decide(Id, SampleProfileStatus.Build(), null, Later));
    }

    [Fact]
    public void Decide_MeasuredUsageMoved_DeferredThenRefreshAfterFiveMinutes()
    {
        var gate = Written(_status);
        var moved = _status with { Measured = _status.Measured! with { UsageAverageCores = _status.Measured.UsageAverageCores + 0.006 } };

        Assert.Equal(ProfileWrite.Deferred, gate.Decide(Id, moved, null, Later));
        Assert.Equal(ProfileWrite.Refresh, gate.Decide(Id, moved, null, Now + Refresh));
    }

    [Fact]
    public void Decide_CpuRequestChanged_ActionableAtOnce()
    {
        var gate = Written(_status);
        var raised = _status with { Recommendation = _status.Recommendation! with { CpuRequest = "999m" } };

        Assert.Equal(ProfileWrite.Actionable, gate.Decide(Id, raised, null, Later));
    }

    [Fact]
    public void Decide_AfterForget_GoesByTheCacheAgain()
    {
        var gate = Written(_status);
        gate.Forget(Id); // the write failed: the cache still has nothing

        Assert.Equal(ProfileWrite.First, gate.Decide(Id, _status, null, Later));
    }

    [Fact]
    public void Decide_AfterDeleted_FirstAndNotCreated()
    {
        var gate = Written(_status);
        gate.MarkCreated(Id);

        gate.Deleted(Id);

        Assert.Equal(ProfileWrite.First, gate.Decide(Id, _status, null, Later));
        Assert.False(gate.Created(Id));
    }

    private static ProfileRefreshGate Written(WorkloadProfileStatus status)
    {
        var gate = new ProfileRefreshGate(Refresh);
        gate.Written(Id, status, Now);
        return gate;
    }

    [Fact]
    public void StatusText_ContentAndLastUpdated_TheSerialisersTextOfTheWholeStatus()
    {
        var status = _status with { LastUpdated = "2026-12-07T23:00:00Z" };

        Assert.Equal(StatusWriter.Json(status), ProfileRefreshGate.StatusText(ProfileRefreshGate.Content(status), status.LastUpdated));
    }

    [Fact]
    public void StatusText_EmptyContent_OnlyLastUpdated() =>
        Assert.Equal("""{"lastUpdated":"2026-12-07T23:00:00Z"}""", ProfileRefreshGate.StatusText("{}", "2026-12-07T23:00:00Z"));
}
