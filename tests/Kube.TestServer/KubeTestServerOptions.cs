
namespace KernelTruth.Kube.TestServer;

public sealed record KubeTestServerOptions
{
    /// <summary>Resources served from the start; more with <see cref="KubeTestServer.Register"/>. Default: <see cref="KubeResources.All"/>.</summary>
    public IReadOnlyList<KubeResource> Resources { get; init; } = KubeResources.All;

    /// <summary>How many recent events watches can replay; older versions get 410. Default 1000.</summary>
    public int EventWindow { get; init; } = 1000;

    /// <summary>How often open watches that asked for bookmarks get one; null: only when the test calls SendBookmarks. Default 1 s.</summary>
    public TimeSpan? BookmarkInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A watch without timeoutSeconds ends after this. Default 30 min.</summary>
    public TimeSpan MaxWatchDuration { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Clock of creationTimestamp, watch timeouts and fault windows.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
