namespace KernelTruth.Recommender.Logic;

/// <summary>
/// Decides which models the engine stops holding, so memory, checkpoints, recommendations and the series made from
/// them stay bounded by the workloads that exist rather than by every workload ever seen. A model goes when its last
/// interval is older than the idle time (<c>--model-idle-ttl</c>), or, sooner, when the host says its workload is gone
/// for good (<see cref="IWorkloadPresence"/>) and it has had no data for <paramref name="goneGrace"/> (at most the idle
/// time). Worked example with the defaults (8 days, 10 min): a Deployment scaled to zero on Friday keeps its model over
/// the weekend and picks up where it left off; one that is deleted loses its model 10 min after its last pod stopped
/// reporting; on a single host a removed cgroup goes 10 min after its last interval, one still there after 8 days.
/// </summary>
internal sealed class ModelLifecycle(TimeSpan idleTtl, TimeSpan goneGrace, IWorkloadPresence? presence)
{
    private readonly TimeSpan _goneGrace = goneGrace < idleTtl ? goneGrace : idleTtl;

    /// <summary>Forgets the models (and idle nodes' baselines) due to go at <paramref name="now"/>; returns what went and why.</summary>
    public IReadOnlyList<DroppedModel> Sweep(RecommenderEngine engine, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var dropped = new List<DroppedModel>();
        foreach (var (workload, lastData) in engine.LastData().ToList())
        {
            var idle = now - lastData;
            if (idle >= idleTtl)
            {
                dropped.Add(new DroppedModel(workload, idle, Gone: false));
            }
            else if (idle >= _goneGrace && presence is not null && presence.IsGone(workload))
            {
                dropped.Add(new DroppedModel(workload, idle, Gone: true));
            }
        }

        foreach (var d in dropped)
        {
            engine.Forget(d.Workload);
        }

        // A node that sent nothing for the idle time has no models left to feed either: its baselines go too.
        engine.ForgetNodesIdleSince(now - idleTtl);
        return dropped;
    }
}

/// <summary>A model the lifecycle dropped: its workload, how long it had had no data, and whether the host said it was gone.</summary>
internal sealed record DroppedModel(string Workload, TimeSpan Idle, bool Gone);
