using Microsoft.Extensions.Logging;

namespace KernelTruth.Cluster.Controllers;

public sealed partial class ClusterRecommender
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Sensor on node '{Node}' ({Url}) was not read this cycle; only that node's data is missing: {Reason}")]
        public static partial void SensorFailed(ILogger logger, string node, Uri url, string reason);

        [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Snapshot of node '{Node}' rejected: {Reason}")]
        public static partial void SnapshotRejected(ILogger logger, string node, string reason);

        [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "VPA {Namespace}/{Name}: resource policy problems: {Problems}")]
        public static partial void VpaPolicyProblems(ILogger logger, string @namespace, string name, string problems);

        [LoggerMessage(EventId = 4104, Level = LogLevel.Error, Message = "{Kind} {Namespace}/{Name}: write failed (retried next cycle): {Reason}")]
        public static partial void WriteFailed(ILogger logger, string kind, string @namespace, string name, string reason);

        [LoggerMessage(EventId = 4105, Level = LogLevel.Information, Message = "VPA {Namespace}/{Name}: status written ({Containers} container recommendations)")]
        public static partial void VpaWritten(ILogger logger, string @namespace, string name, int containers);

        [LoggerMessage(EventId = 4106, Level = LogLevel.Information, Message = "WorkloadProfile {Namespace}/{Name} written")]
        public static partial void ProfileWritten(ILogger logger, string @namespace, string name);

        [LoggerMessage(EventId = 4107, Level = LogLevel.Error, Message = "VPA {Namespace}/{Name}: could not build its status; the others carry on")]
        public static partial void VpaFailed(ILogger logger, string @namespace, string name, Exception ex);

        [LoggerMessage(EventId = 4108, Level = LogLevel.Error, Message = "Workload {Workload}: could not build its profile; the others carry on")]
        public static partial void ProfileFailed(ILogger logger, string workload, Exception ex);
    }
}
