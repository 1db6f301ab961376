using Microsoft.Extensions.Logging;

namespace KernelTruth.Kube.LeaderElection;

internal static partial class LeaderElectorLog
{
    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "lease {Namespace}/{Name}: {Identity} became leader")]
    public static partial void Acquired(ILogger logger, string @namespace, string name, string identity);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "lease {Namespace}/{Name}: {Identity} lost leadership (no renewal within {DeadlineMs} ms)")]
    public static partial void Lost(ILogger logger, string @namespace, string name, string identity, long deadlineMs);

    [LoggerMessage(EventId = 22, Level = LogLevel.Information, Message = "lease {Namespace}/{Name}: {Identity} released the lease")]
    public static partial void Released(ILogger logger, string @namespace, string name, string identity);

    [LoggerMessage(EventId = 23, Level = LogLevel.Debug, Message = "lease {Namespace}/{Name}: {Identity} could not acquire or renew")]
    public static partial void AttemptFailed(ILogger logger, Exception exception, string @namespace, string name, string identity);

    [LoggerMessage(EventId = 24, Level = LogLevel.Error, Message = "lease {Namespace}/{Name}: a leadership callback of {Identity} failed")]
    public static partial void CallbackFailed(ILogger logger, Exception exception, string @namespace, string name, string identity);
}
