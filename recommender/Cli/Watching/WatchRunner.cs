using System.Text.Json;
using KernelTruth.Cli.Commands;
using KernelTruth.Cli.Configuration;
using KernelTruth.Cli.Output;
using KernelTruth.Contracts.Sources;
using KernelTruth.NodeSensor.Hosting;
using KernelTruth.Recommender.Checkpoint;
using KernelTruth.Recommender.Input;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Output;
using KernelTruth.Recommender.Routines;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace KernelTruth.Cli.Watching;

/// <summary>
/// `ktruth watch`: the recommender's one loop (<see cref="RecommenderLoop"/>, as ktruth-recommender runs it) on a
/// timer, with the sensor in this process as its source and, as its sinks, the display — a live table on a terminal,
/// plain lines otherwise, nothing with --json (one document at the end) — and, with --serve, the metrics adapter.
/// Models are restored from --state at start and saved every --checkpoint-interval and at exit. Ctrl-C ends it
/// cleanly: state saved, sensor detached.
/// </summary>
internal sealed class WatchRunner(CliEnvironment env)
{
    public async Task<int> RunAsync(WatchSettings settings, CancellationToken ct)
    {
        using var sensor = SensorRuntime.Start(new SensorOptions { AllCgroups = !settings.PodsOnly, Interval = settings.Interval }, env.Loggers, env.Time);
        await using var server = settings.Serve is null ? null : await WatchServer.StartAsync(settings.Serve, sensor.Metrics, env, ct).ConfigureAwait(false);
        return await RunAsync(settings, new InProcessSnapshotSource(sensor), server?.Sink, ct, new CgroupPresence(sensor.Hierarchy.CpuDirectory)).ConfigureAwait(false);
    }

    /// <param name="adapter">With --serve: the metrics adapter's sink.</param>
    /// <param name="presence">Which cgroups are gone for good (their models go before the idle time); none: all wait for it.</param>
    internal async Task<int> RunAsync(WatchSettings settings, ISnapshotSource sensor, ILoopSink? adapter, CancellationToken ct, IWorkloadPresence? presence = null)
    {
        long started = env.Time.GetTimestamp();
        var display = new WatchDisplay(settings.Top, env.Time);
        var store = new RecommendationStore();
        var loop = new RecommenderLoop(
            new RecommenderEngine(env.Loggers.CreateLogger("KernelTruth.Cli.Watch")),
            new SnapshotSourceList([sensor]),
            adapter is null ? [display] : [adapter, display],
            new StateFileCheckpointStore(settings.StatePath),
            store,
            settings.ToRecommenderOptions(),
            env.Time,
            env.Loggers.CreateLogger<RecommenderLoop>(),
            presence);
        await RestoreAsync(loop, settings.StatePath, ct).ConfigureAwait(false);

        // The first loop reads the baseline; each later one adds a frame: --duration 30s at 1 s is 1 + 30 loops.
        int? loops = settings.Duration is { } d ? 1 + Math.Max(1, (int)Math.Ceiling(d / settings.Interval)) : null;
        PhaseReport saved;
        if (settings.Json)
        {
            saved = await loop.RunAsync(loops, ct).ConfigureAwait(false);
        }
        else if (env.Interactive)
        {
            saved = await env.Console.Live(new Markup("[grey]reading the first interval…[/]")).StartAsync(ctx =>
            {
                display.Show = frame => { ctx.UpdateTarget(WatchTable.Build(frame)); ctx.Refresh(); };
                return loop.RunAsync(loops, ct);
            }).ConfigureAwait(false);
        }
        else
        {
            display.Show = frame => WatchLines.Write(env.Out, frame);
            saved = await loop.RunAsync(loops, ct).ConfigureAwait(false);
        }

        if (saved.Outcome == PhaseOutcome.Failed)
        {
            throw new CliFailure($"cannot save --state {settings.StatePath}: {saved.Problem}");
        }

        if (settings.Json)
        {
            var document = new WatchDocument
            {
                TakenAt = env.Time.GetUtcNow(),
                ObservedSeconds = env.Time.GetElapsedTime(started).TotalSeconds,
                Activity = store.LatestActivity.Workloads,
                Recommendations = store.Latest.Recommendations,
            };
            await env.Out.WriteLineAsync(JsonSerializer.Serialize(document, CliJsonContext.Default.WatchDocument)).ConfigureAwait(false);
        }

        return CliExitCodes.Ok;
    }

    private async Task RestoreAsync(RecommenderLoop loop, string path, CancellationToken ct)
    {
        RestoreResult restored;
        try
        {
            restored = await loop.RestoreAsync(ct).ConfigureAwait(false);
        }
        catch (StateFileException ex)
        {
            throw new CliFailure($"cannot restore --state {path}: {ex.Problem}", CliExitCodes.Usage, ex);
        }

        if (restored.Workloads > 0)
        {
            await env.Error.WriteLineAsync($"ktruth: restored {restored.Workloads} workload models from {path}").ConfigureAwait(false);
        }
    }
}
