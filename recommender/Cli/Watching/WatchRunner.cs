using System.Text.Json;
using KernelTruth.Cli.Commands;
using KernelTruth.Cli.Configuration;
using KernelTruth.Cli.Output;
using KernelTruth.Models.Recommendations;
using KernelTruth.NodeSensor.Hosting;
using KernelTruth.Recommender.Logic;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace KernelTruth.Cli.Watching;

/// <summary>
/// `ktruth watch`: the sensor in-process, a snapshot every interval into the recommender engine,
/// and the busiest cgroups with their recommendations: a live table on a terminal, plain lines
/// otherwise, or one JSON document at the end. Ctrl-C ends it cleanly: state saved, sensor detached.
/// </summary>
internal sealed class WatchRunner(CliEnvironment env)
{
    private readonly RecommendationPolicy _policy = new();

    public async Task<int> RunAsync(WatchSettings settings, CancellationToken ct)
    {
        var logger = env.Loggers.CreateLogger("KernelTruth.Cli.Watch");
        var engine = new RecommenderEngine(logger);
        var state = new StateStore(settings.StatePath, env.Time, logger);
        int restored = state.Restore(engine);
        if (restored > 0)
        {
            await env.Error.WriteLineAsync($"ktruth: restored {restored} workload models from {state.Path}").ConfigureAwait(false);
        }

        using var sensor = SensorRuntime.Start(new SensorOptions { AllCgroups = !settings.PodsOnly, Interval = settings.Interval }, env.Loggers, env.Time);
        await using var server = settings.Serve is null ? null : await WatchServer.StartAsync(settings.Serve, sensor.Metrics, env, ct).ConfigureAwait(false);
        return await RunAsync(settings, sensor, engine, state, ct, server).ConfigureAwait(false);
    }

    /// <param name="server">With --serve: every snapshot also feeds the metrics adapter.</param>
    internal async Task<int> RunAsync(WatchSettings settings, ISnapshotReader sensor, RecommenderEngine engine, StateStore state, CancellationToken ct, WatchServer? server = null)
    {
        long started = env.Time.GetTimestamp();
        if (settings.Json)
        {
            await LoopAsync(settings, sensor, engine, state, server, _ => { }, ct).ConfigureAwait(false);
        }
        else if (env.Interactive)
        {
            await env.Console.Live(new Markup("[grey]reading the first interval…[/]")).StartAsync(ctx =>
                LoopAsync(settings, sensor, engine, state, server, frame => { ctx.UpdateTarget(WatchTable.Build(frame)); ctx.Refresh(); }, ct)).ConfigureAwait(false);
        }
        else
        {
            await LoopAsync(settings, sensor, engine, state, server, frame => WatchLines.Write(env.Out, frame), ct).ConfigureAwait(false);
        }

        state.Save(engine);
        if (settings.Json)
        {
            var now = env.Time.GetUtcNow();
            var document = new WatchDocument
            {
                TakenAt = now,
                ObservedSeconds = env.Time.GetElapsedTime(started).TotalSeconds,
                Activity = engine.Activity(),
                Recommendations = engine.Recommend(_policy, now),
            };
            await env.Out.WriteLineAsync(JsonSerializer.Serialize(document, CliJsonContext.Default.WatchDocument)).ConfigureAwait(false);
        }

        return CliExitCodes.Ok;
    }

    /// <summary>Until --duration has passed or Ctrl-C: Ctrl-C is how a watch normally ends, not a failure.</summary>
    private async Task LoopAsync(WatchSettings settings, ISnapshotReader sensor, RecommenderEngine engine, StateStore state, WatchServer? server, Action<WatchFrame> show, CancellationToken ct)
    {
        long started = env.Time.GetTimestamp();
        var trailing = new TrailingSnapshots(CliDefaults.UsageWindow);
        var first = sensor.Read();
        engine.Ingest(first);
        server?.Observe(first);
        trailing.Add(first);
        int ticks = settings.Duration is { } d ? Math.Max(1, (int)Math.Ceiling(d / settings.Interval)) : int.MaxValue;
        using var timer = new PeriodicTimer(settings.Interval, env.Time);
        try
        {
            for (int tick = 0; tick < ticks && await timer.WaitForNextTickAsync(ct).ConfigureAwait(false); tick++)
            {
                var snapshot = sensor.Read();
                engine.Ingest(snapshot);
                server?.Observe(snapshot);
                trailing.Add(snapshot);
                show(Frame(settings, engine, trailing, env.Time.GetElapsedTime(started)));
                state.SaveIfDue(engine, settings.CheckpointInterval);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl-C: fall through to the final save.
        }
    }

    private WatchFrame Frame(WatchSettings settings, RecommenderEngine engine, TrailingSnapshots trailing, TimeSpan elapsed)
    {
        var now = env.Time.GetUtcNow();
        var windows = trailing.Windows();
        var busiest = windows
            .OrderByDescending(w => w.Window.UsageCores)
            .ThenBy(w => w.Cgroup.Path, StringComparer.Ordinal)
            .Take(settings.Top)
            .ToList();
        var recommendations = engine.Recommend(_policy, now).ToDictionary(r => r.Workload, StringComparer.Ordinal);
        var rows = busiest.Select(w =>
        {
            recommendations.TryGetValue(w.Cgroup.Path, out var r);
            return new WatchRow(w.Cgroup.Path, w.Window, r?.Recommendation, r?.Error, r?.Simulated);
        }).ToList();
        var span = busiest.Count > 0 ? TimeSpan.FromSeconds(busiest.Max(b => b.Window.Seconds)) : TimeSpan.Zero;
        return new WatchFrame(now, elapsed, span, trailing.Latest?.Cgroups.Count ?? 0, rows);
    }
}
