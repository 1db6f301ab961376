using KernelTruth.Recommender.Output;
using Microsoft.Extensions.Logging;

namespace KernelTruth.Recommender.Routines;

/// <summary>
/// One loop's output: every sink in turn, each timed and caught on its own, so a sink that throws (an API server
/// down, a bug) is logged with its name and counted, and the sinks after it still get the same output.
/// </summary>
internal sealed class OutputPhase(IReadOnlyList<ILoopSink> sinks, TimeProvider time, ILogger logger)
{
    /// <summary>Each sink's report, in the order they ran, and the failed ones in one line (null when none failed).</summary>
    public async Task<(IReadOnlyList<SinkReport> Reports, string? Problem)> RunAsync(LoopOutput output, CancellationToken ct)
    {
        var reports = new List<SinkReport>(sinks.Count);
        foreach (var sink in sinks)
        {
            long started = time.GetTimestamp();
            SinkReport report;
            try
            {
                var result = await sink.WriteAsync(output, ct).ConfigureAwait(false);
                var outcome = result.Skipped is not null ? PhaseOutcome.Skipped : result.Errors > 0 ? PhaseOutcome.Failed : PhaseOutcome.Completed;
                string? problem = result.Errors > 0 ? $"{result.Errors} of its items failed (logged with their names)" : null;
                report = new SinkReport(sink.Name, outcome, time.GetElapsedTime(started), result, problem);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                RecommenderLoop.Log.SinkFailed(logger, sink.Name, ex);
                report = new SinkReport(sink.Name, PhaseOutcome.Failed, time.GetElapsedTime(started), new SinkResult(), ex.Message, Aborted: true);
            }

            RecommenderLoop.Log.SinkFinished(logger, sink.Name, report.Outcome, report.Elapsed.TotalMilliseconds);
            reports.Add(report);
        }

        var failed = reports.Where(r => r.Outcome == PhaseOutcome.Failed).Select(r => $"sink {r.Sink}: {r.Problem}").ToList();
        return (reports, failed.Count == 0 ? null : string.Join("; ", failed));
    }
}
