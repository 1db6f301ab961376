using Microsoft.Extensions.Logging;

namespace KernelTruth.Recommender.Routines;

public sealed partial class RecommenderLoop
{
    /// <summary>The loop's messages, its phases' included (they log through the loop's logger).</summary>
    internal static partial class Log
    {
        [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Nothing to restore from {Store}: starting with no history")]
        public static partial void FreshStart(ILogger logger, string store);

        [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "Restored {Workloads} workloads from {Store} saved at {SavedAt:O}")]
        public static partial void Restored(ILogger logger, int workloads, string store, DateTimeOffset savedAt);

        [LoggerMessage(EventId = 2203, Level = LogLevel.Warning, Message = "Sensor {Sensor}: read failed, retrying next round: {Reason}")]
        public static partial void ReadFailed(ILogger logger, string sensor, string reason);

        [LoggerMessage(EventId = 2204, Level = LogLevel.Error, Message = "Sensor {Sensor}: read failed unexpectedly, retrying next round")]
        public static partial void ReadFailedUnexpectedly(ILogger logger, string sensor, Exception ex);

        [LoggerMessage(EventId = 2205, Level = LogLevel.Warning, Message = "Sensor {Sensor}: snapshot rejected: {Reason}")]
        public static partial void SnapshotRejected(ILogger logger, string sensor, string reason);

        [LoggerMessage(EventId = 2206, Level = LogLevel.Error, Message = "Node '{Node}' (sensor {Sensor}): ingesting the snapshot failed; the other sensors' go in")]
        public static partial void IngestFailed(ILogger logger, string node, string sensor, Exception ex);

        [LoggerMessage(EventId = 2207, Level = LogLevel.Debug, Message = "Ingest: {Read} of {Sources} sensors read, {Intervals} intervals reached models")]
        public static partial void Ingested(ILogger logger, int read, int sources, int intervals);

        [LoggerMessage(EventId = 2208, Level = LogLevel.Debug, Message = "Fit: {Recommended} workloads recommended, {Failed} failed")]
        public static partial void Fitted(ILogger logger, int recommended, int failed);

        [LoggerMessage(EventId = 2209, Level = LogLevel.Debug, Message = "Checkpoint: {Workloads} workloads saved to {Store}")]
        public static partial void Saved(ILogger logger, int workloads, string store);

        [LoggerMessage(EventId = 2210, Level = LogLevel.Error, Message = "Phase {Phase} failed; the next runs as scheduled")]
        public static partial void PhaseFailed(ILogger logger, RoutinePhase phase, Exception ex);

        [LoggerMessage(EventId = 2211, Level = LogLevel.Debug, Message = "Phase {Phase}: {Outcome} in {ElapsedMs:F1} ms")]
        public static partial void PhaseFinished(ILogger logger, RoutinePhase phase, PhaseOutcome outcome, double elapsedMs);

        [LoggerMessage(EventId = 2212, Level = LogLevel.Error, Message = "Sink {Sink} failed this loop; the other sinks and the next loop run")]
        public static partial void SinkFailed(ILogger logger, string sink, Exception ex);

        [LoggerMessage(EventId = 2213, Level = LogLevel.Debug, Message = "Sink {Sink}: {Outcome} in {ElapsedMs:F1} ms")]
        public static partial void SinkFinished(ILogger logger, string sink, PhaseOutcome outcome, double elapsedMs);

        [LoggerMessage(EventId = 2215, Level = LogLevel.Debug, Message = "Workload '{Workload}': model dropped after {IdleHours:F2} h without data ({Reason})")]
        public static partial void ModelDropped(ILogger logger, string workload, double idleHours, string reason);

        [LoggerMessage(EventId = 2216, Level = LogLevel.Information, Message = "Dropped {Dropped} workload models with no recent data; {Kept} kept")]
        public static partial void ModelsDropped(ILogger logger, int dropped, int kept);

        [LoggerMessage(EventId = 2214, Level = LogLevel.Error, Message = "A listener of the loop's reports failed; the loop carries on")]
        public static partial void ListenerFailed(ILogger logger, Exception ex);

        [LoggerMessage(EventId = 2217, Level = LogLevel.Information, Message = "Demand forecaster fitted on {Examples} examples in {Seconds:F2} s (off the loop); {Workloads} workloads have a demand history")]
        public static partial void ForecasterFitted(ILogger logger, int examples, double seconds, int workloads);

        [LoggerMessage(EventId = 2218, Level = LogLevel.Warning, Message = "Demand forecaster fit failed, the previous model (or the reactive value) stays: {Reason}")]
        public static partial void ForecasterFitFailed(ILogger logger, string reason);
    }
}
