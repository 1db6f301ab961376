using System.Text.Json;
using KernelTruth.Cli.Configuration;
using KernelTruth.Cli.Observing;
using KernelTruth.Cli.Output;
using KernelTruth.NodeSensor.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace KernelTruth.Cli.Commands;

/// <summary>`ktruth recommend`: observe one cgroup, print its recommendation with evidence and the VPA baseline beside it.</summary>
internal sealed class RecommendRunner(CliEnvironment env)
{
    public async Task<int> RunAsync(RecommendSettings settings, CancellationToken ct)
    {
        // The cgroup is checked before the sensor loads: a typo should not wait for BPF.
        var hierarchy = CgroupTarget.DetectHierarchy();
        var target = CgroupTarget.Resolve(settings.Cgroup, hierarchy);
        CgroupUsageCheck.Require(hierarchy, target);
        using var sensor = SensorRuntime.Start(new SensorOptions { AllCgroups = true, Interval = settings.SampleInterval }, env.Loggers, env.Time);
        var observation = await ObserveAsync(settings, target, sensor, ct).ConfigureAwait(false);
        Print(observation, settings.Json);
        return CliExitCodes.Ok;
    }

    /// <summary>The observation itself, against any snapshot reader: the kernel tests pass their shared sensor.</summary>
    internal async Task<CgroupObservation> ObserveAsync(RecommendSettings settings, CgroupTarget target, ISnapshotReader sensor, CancellationToken ct)
    {
        var observer = new CgroupObserver(sensor, env.Time, env.Loggers.CreateLogger("KernelTruth.Cli.Recommend"));
        var plan = new ObservationPlan(settings.SampleInterval, TimeSpan.FromSeconds(settings.Seconds));
        if (!env.Interactive || settings.Json)
        {
            return await observer.ObserveAsync(target, plan, settings.ToPolicy(), null, ct).ConfigureAwait(false);
        }

        return await env.Console.Progress().AutoClear(true).StartAsync(async ctx =>
        {
            var bar = ctx.AddTask($"observing {Markup.Escape(target.Path)} for {settings.Seconds} s", maxValue: 1.0);
            return await observer.ObserveAsync(target, plan, settings.ToPolicy(), new InlineProgress<ObservationProgress>(p => bar.Value = p.Fraction), ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    internal void Print(CgroupObservation observation, bool json)
    {
        if (json)
        {
            env.Out.WriteLine(JsonSerializer.Serialize(RecommendDocument.From(observation), CliJsonContext.Default.RecommendDocument));
            return;
        }

        var console = env.Console;
        console.Write(new Rule($"[bold]{Markup.Escape(observation.Path)}[/] observed {observation.Window.Seconds:0} s").LeftJustified());
        console.Write(KernelTruthTable.Build(observation.Window, "What the kernel did"));
        console.Write(RecommendationTable.Build(observation.Recommendation, observation.Simulated));
        EvidenceText.Write(console, observation.Recommendation);
    }
}
