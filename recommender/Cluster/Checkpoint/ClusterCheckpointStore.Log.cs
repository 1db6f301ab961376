using Microsoft.Extensions.Logging;

namespace KernelTruth.Cluster.Checkpoint;

public sealed partial class ClusterCheckpointStore
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 4301, Level = LogLevel.Warning, Message = "WorkloadCheckpoint {Name} (workload {Workload}) cannot be used, that workload starts fresh: {Problem}")]
        public static partial void Unreadable(ILogger logger, string name, string workload, string problem);

        [LoggerMessage(EventId = 4302, Level = LogLevel.Warning, Message = "Workload {Workload}: model checkpoint is {Bytes} bytes, over the {Limit}-byte bound; not written (its previous checkpoint stays)")]
        public static partial void Oversized(ILogger logger, string workload, int bytes, int limit);

        [LoggerMessage(EventId = 4303, Level = LogLevel.Information, Message = "WorkloadCheckpoint {Name}: written by another writer since our list ({Reason}); re-read and written again")]
        public static partial void Conflict(ILogger logger, string name, string reason);

        [LoggerMessage(EventId = 4304, Level = LogLevel.Error, Message = "WorkloadCheckpoint {Name}: write failed (written again next interval): {Reason}")]
        public static partial void WriteFailed(ILogger logger, string name, string reason);

        [LoggerMessage(EventId = 4305, Level = LogLevel.Information, Message = "WorkloadCheckpoint {Name}: workload {Workload} no longer exists; deleted")]
        public static partial void Collected(ILogger logger, string name, string workload);

        [LoggerMessage(EventId = 4306, Level = LogLevel.Warning, Message = "WorkloadCheckpoint {Name}: delete failed (tried again next interval): {Reason}")]
        public static partial void CollectFailed(ILogger logger, string name, string reason);

        [LoggerMessage(EventId = 4307, Level = LogLevel.Debug, Message = "Checkpoint of {Workloads} workloads not written: not the Lease holder")]
        public static partial void NotLeader(ILogger logger, int workloads);

        [LoggerMessage(EventId = 4308, Level = LogLevel.Warning, Message = "Lease lost while saving checkpoints, at workload {Workload}: the rest is left to the new leader")]
        public static partial void Deposed(ILogger logger, string workload);

        [LoggerMessage(EventId = 4309, Level = LogLevel.Warning, Message = "WorkloadCheckpoint {Name}: forecast guard cannot be used, that workload's forecasts are checked afresh: {Problem}")]
        public static partial void GuardUnreadable(ILogger logger, string name, string problem);

        [LoggerMessage(EventId = 4310, Level = LogLevel.Warning, Message = "Demand forecaster is {Bytes} bytes, over the {Limit}-byte bound; not written (its previous checkpoint stays)")]
        public static partial void ForecasterOversized(ILogger logger, int bytes, int limit);
    }
}
