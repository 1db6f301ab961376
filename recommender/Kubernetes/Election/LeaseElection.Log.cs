using Microsoft.Extensions.Logging;

namespace KernelTruth.Kubernetes.Election;

public sealed partial class LeaseElection
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Lease {Namespace}/{Name}: '{Identity}' is the leader now")]
        public static partial void StartedLeading(ILogger logger, string @namespace, string name, string identity);

        [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Lease {Namespace}/{Name}: '{Identity}' stopped leading")]
        public static partial void StoppedLeading(ILogger logger, string @namespace, string name, string identity);

        [LoggerMessage(EventId = 5103, Level = LogLevel.Information, Message = "Lease {Namespace}/{Name}: released by '{Identity}', so a standby takes over at once")]
        public static partial void Released(ILogger logger, string @namespace, string name, string identity);

        [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "Lease {Namespace}/{Name}: could not be read or written; '{Identity}' tries again: {Reason}")]
        public static partial void Failed(ILogger logger, string @namespace, string name, string identity, string reason);

        [LoggerMessage(EventId = 5105, Level = LogLevel.Warning, Message = "Lease {Namespace}/{Name}: not released by '{Identity}' (it expires instead): {Reason}")]
        public static partial void ReleaseFailed(ILogger logger, string @namespace, string name, string identity, string reason);

        [LoggerMessage(EventId = 5106, Level = LogLevel.Error, Message = "Lease {Namespace}/{Name}: a leadership handler failed")]
        public static partial void HandlerFailed(ILogger logger, string @namespace, string name, Exception exception);
    }
}
