using KernelTruth.NodeSensor.Tests.Prometheus;
using KernelTruth.Recommender.Output;
using KernelTruth.Recommender.Routines;
using KernelTruth.Service;

namespace KernelTruth.Cluster.Tests.Controllers;

/// <summary>ktruth-recommender's /metrics registry fed from the loop's reports: counters add up, gauges show the last loop, promtool finds nothing to flag.</summary>
public sealed class ServiceStateTests
{
    [Fact]
    public async Task Record_ThreeLoops_CountersAddUpGaugesShowTheLastSinkFailuresBySink()
    {
        var state = new ServiceState();

        // 1: the leader reads 3 sensors (1 fails), owns 2 VPAs and writes them, writes 4 profiles, serves 7 pods.
        state.Record(Loop(TimeSpan.FromMilliseconds(250), new IngestCounts(3, 1, 6), aborted: false,
            Sink("vpa-status", new SinkResult(Items: 2, Writes: 2)),
            Sink("workload-profiles", new SinkResult(Items: 4, Writes: 4)),
            Sink("metrics-adapter", new SinkResult(Items: 7))), leader: true);

        // 2: one VPA write fails; 3 profiles changed but wait for their refresh; the adapter's sink throws (what it serves is unknown, not 0).
        state.Record(Loop(TimeSpan.FromMilliseconds(400), new IngestCounts(2, 0, 4), aborted: false,
            Sink("vpa-status", new SinkResult(Items: 1, Errors: 1), PhaseOutcome.Failed),
            Sink("workload-profiles", new SinkResult(Items: 4, Writes: 1, Deferred: 3)),
            new SinkReport("metrics-adapter", PhaseOutcome.Failed, TimeSpan.Zero, new SinkResult(), "boom", Aborted: true)), leader: true);

        // 3: a standby now, and the loop failed as a whole (a phase threw): the writers were skipped.
        state.Record(Loop(TimeSpan.FromMilliseconds(500), IngestCounts.None, aborted: true,
            Sink("vpa-status", SinkResult.NotRun("not the Lease holder"), PhaseOutcome.Skipped),
            Sink("workload-profiles", SinkResult.NotRun("not the Lease holder"), PhaseOutcome.Skipped)), leader: false);

        using var stream = new MemoryStream();
        await state.Metrics.CollectAndExportAsTextAsync(stream);
        string text = System.Text.Encoding.UTF8.GetString(stream.ToArray());

        Promtool.AssertClean(text, "ktruth-recommender");
        Assert.Contains("\nktruth_recommender_cycles_total 2\n", text, StringComparison.Ordinal);
        Assert.Contains("\nktruth_recommender_cycle_failures_total 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nktruth_recommender_sensor_reads_total 5\n", text, StringComparison.Ordinal); // 3 + 2
        Assert.Contains("\nktruth_recommender_sensor_failures_total 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nktruth_recommender_intervals_total 10\n", text, StringComparison.Ordinal); // 6 + 4
        Assert.Contains("\nktruth_recommender_vpa_status_writes_total 2\n", text, StringComparison.Ordinal);
        Assert.Contains("\nktruth_recommender_profile_writes_total 5\n", text, StringComparison.Ordinal); // 4 + 1
        Assert.Contains("\nktruth_recommender_profile_writes_deferred_total 3\n", text, StringComparison.Ordinal); // loop 2's
        Assert.Contains("\nktruth_recommender_api_errors_total 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nktruth_recommender_vpas_owned 0\n", text, StringComparison.Ordinal); // the last loop's: a standby owns none
        Assert.Contains("\nktruth_recommender_leader 0\n", text, StringComparison.Ordinal);
        Assert.Contains("\nktruth_recommender_last_cycle_seconds 0.5\n", text, StringComparison.Ordinal);
        Assert.Contains("\nktruth_recommender_adapter_pods 7\n", text, StringComparison.Ordinal); // loop 1's; loop 2's sink threw
        Assert.Contains("\nktruth_recommender_sink_failures_total{sink=\"vpa-status\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nktruth_recommender_sink_failures_total{sink=\"metrics-adapter\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nktruth_recommender_sink_failures_total{sink=\"workload-profiles\"} 0\n", text, StringComparison.Ordinal);
    }

    private static SinkReport Sink(string name, SinkResult result, PhaseOutcome outcome = PhaseOutcome.Completed) => new(name, outcome, TimeSpan.Zero, result);

    private static LoopReport Loop(TimeSpan elapsed, IngestCounts ingest, bool aborted, params SinkReport[] sinks) =>
        new([new PhaseReport(RoutinePhase.Ingest, PhaseOutcome.Completed, TimeSpan.Zero), new PhaseReport(RoutinePhase.Fit, PhaseOutcome.Failed, TimeSpan.Zero, "x", Aborted: aborted)], sinks, ingest, elapsed);
}
