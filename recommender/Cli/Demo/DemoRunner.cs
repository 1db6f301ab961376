using System.Globalization;
using KernelTruth.Cli.Commands;
using KernelTruth.Cli.Configuration;
using KernelTruth.Cli.Observing;
using KernelTruth.Cli.Output;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.Models.Recommendations;
using KernelTruth.NodeSensor.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace KernelTruth.Cli.Demo;

/// <summary>
/// `ktruth demo`: a bursty workload under a too-low CPU limit; what metrics-server's average shows
/// beside what the kernel did; the recommendation; the recommended limit written to the cgroup; the
/// same workload measured again. Everything it made is removed at the end, on failure and on Ctrl-C.
/// </summary>
internal sealed class DemoRunner(CliEnvironment env)
{
    public async Task<int> RunAsync(DemoSettings settings, CancellationToken ct)
    {
        var console = env.Console;
        var w = settings.Workload;
        console.MarkupLine($"[bold]ktruth demo[/]: {w.BurstMs} ms of CPU every {w.EveryMs} ms on {w.Threads} thread(s), a demand of {Units.Cores(w.DemandCores)} cores, under a CPU limit of {Units.Cores(settings.LimitCores)}.");

        // The sensor first: without root or BPF its message says exactly what is missing.
        using var sensor = SensorRuntime.Start(new SensorOptions { AllCgroups = true, Interval = settings.SampleInterval }, env.Loggers, env.Time);
        using var cgroup = DemoCgroup.Create(sensor.Hierarchy, "ktruth-demo-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        cgroup.SetLimit(settings.LimitCores);
        string[] burst = ["burst", "--burst-ms", Text(w.BurstMs), "--every-ms", Text(w.EveryMs), "--threads", Text(w.Threads), "--seconds", Text(w.Seconds)];
        cgroup.Start([.. SelfCommand.Resolve(), .. burst], TimeSpan.FromSeconds(10));
        console.MarkupLine($"Started it in cgroup [bold]{Markup.Escape(cgroup.Target.Path)}[/] ({Markup.Escape(cgroup.DescribeLimit())}); the sensor is loaded.");
        await Task.Delay(settings.WarmUp, env.Time, ct).ConfigureAwait(false);
        cgroup.EnsureRunning();

        var before = await ObserveAsync(sensor, cgroup.Target, settings, ct).ConfigureAwait(false);
        cgroup.EnsureRunning();
        ShowBefore(before);

        var limit = before.Recommendation.Cpu.LimitCores;
        cgroup.SetLimit(limit);
        console.WriteLine();
        console.MarkupLine($"Applying kernel-truth's limit: [bold]{Units.Cores(limit)}[/] CPU ({Markup.Escape(cgroup.DescribeLimit())}). Measuring the same workload for {settings.Measure.TotalSeconds:0} s ...");
        await Task.Delay(settings.Settle, env.Time, ct).ConfigureAwait(false);
        var after = await MeasureAsync(sensor, cgroup.Target, settings.Measure, ct).ConfigureAwait(false);
        cgroup.EnsureRunning();
        ShowAfter(before, after);
        return CliExitCodes.Ok;
    }

    private async Task<CgroupObservation> ObserveAsync(ISnapshotReader sensor, CgroupTarget target, DemoSettings settings, CancellationToken ct)
    {
        var observer = new CgroupObserver(sensor, env.Time, env.Loggers.CreateLogger("KernelTruth.Cli.Demo"));
        var plan = new ObservationPlan(settings.SampleInterval, settings.ObserveMin, UntilBaselineMinute: true, settings.ObserveMax);
        var policy = new RecommendationPolicy();
        string what = $"observing for {settings.ObserveMin.TotalSeconds:0} s, then until VPA's baseline has a whole minute (at most {settings.ObserveMax.TotalSeconds:0} s)";
        if (!env.Interactive)
        {
            env.Console.WriteLine(char.ToUpperInvariant(what[0]) + what[1..] + " ...");
            return await observer.ObserveAsync(target, plan, policy, null, ct).ConfigureAwait(false);
        }

        return await env.Console.Progress().AutoClear(true).StartAsync(async ctx =>
        {
            var bar = ctx.AddTask(what, maxValue: 1.0);
            var progress = new InlineProgress<ObservationProgress>(p =>
            {
                bar.Value = p.Fraction;
                if (p.WaitingForMinute)
                {
                    bar.Description = "waiting for the next whole minute: VPA sees one metrics-server average per minute";
                }
            });
            return await observer.ObserveAsync(target, plan, policy, progress, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private async Task<CgroupWindow> MeasureAsync(ISnapshotReader sensor, CgroupTarget target, TimeSpan duration, CancellationToken ct)
    {
        var a = sensor.Read();
        await Task.Delay(duration, env.Time, ct).ConfigureAwait(false);
        var b = sensor.Read();
        return Find(a, target) is { } ca && Find(b, target) is { } cb && CgroupWindow.Between(ca, a.MonotonicNs, cb, b.MonotonicNs) is { } window
            ? window
            : throw new CliFailure($"the sensor lost cgroup {target.Path} while measuring the new limit");
    }

    private void ShowBefore(CgroupObservation before)
    {
        var console = env.Console;
        var w = before.Window;
        console.WriteLine();
        console.Write(new Rule($"[bold]Before[/]: limit {Units.Cores(w.LimitCores)} CPU").LeftJustified());
        console.Write(KernelTruthTable.Build(w, "Average usage (what metrics-server shows) vs kernel truth"));
        console.MarkupLine($"metrics-server would show [bold]{Units.Cores(w.UsageCores)}[/] cores; the kernel throttled [bold red]{Units.Percent(w.ThrottledPeriodsRatio)}[/] of its periods, each throttled wait up to [bold]{Units.Duration(w.ThrottleWaitP99Seconds)}[/] (p99).");
        console.Write(RecommendationTable.Build(before.Recommendation, before.Simulated));
        EvidenceText.Write(console, before.Recommendation);
    }

    private void ShowAfter(CgroupObservation before, CgroupWindow after)
    {
        var console = env.Console;
        console.WriteLine();
        console.Write(new Rule("[bold]After[/]").LeftJustified());
        console.Write(BeforeAfterTable.Build(before.Window, after));
        string predicted = (before.Simulated, before.Recommendation.Evidence.AtRecommendedLimit) switch
        {
            ({ } sim, { } model) => $" (predicted {Units.Percent(sim.ThrottledPeriodsRatio)} by simulation, {Units.Percent(model.ThrottledPeriodsRatio)} by the model)",
            ({ } sim, null) => $" (predicted {Units.Percent(sim.ThrottledPeriodsRatio)} by simulation)",
            (null, { } model) => $" (predicted {Units.Percent(model.ThrottledPeriodsRatio)} by the model)",
            _ => "",
        };
        console.MarkupLine($"Throttled periods [bold]{Units.Percent(before.Window.ThrottledPeriodsRatio)} → {Units.Percent(after.ThrottledPeriodsRatio)}[/]{predicted}, throttle wait p99 {Units.Duration(before.Window.ThrottleWaitP99Seconds)} → {Units.Duration(after.ThrottleWaitP99Seconds)}.");
        if (RecommendationTable.HasBaseline(before.Recommendation))
        {
            console.MarkupLine($"The stock VPA algorithm, seeing only the average, would have requested {Units.Cores(before.Recommendation.Baseline.Cpu.RequestCores)} cores.");
        }

        console.MarkupLine("Cleaning up: the workload is stopped and its cgroup removed.");
    }

    private static CgroupSnapshot? Find(NodeSnapshot snapshot, CgroupTarget target) => snapshot.Cgroups.FirstOrDefault(c => c.Path == target.Path);

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
