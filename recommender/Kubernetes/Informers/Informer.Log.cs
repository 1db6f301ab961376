using Microsoft.Extensions.Logging;

namespace KernelTruth.Kubernetes.Informers;

public sealed partial class Informer<T>
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 5001, Level = LogLevel.Debug, Message = "Informer {Resource}: listed {Count} objects at resourceVersion {ResourceVersion}")]
        public static partial void Listed(ILogger logger, string resource, int count, string? resourceVersion);

        [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Informer {Resource}: resourceVersion {ResourceVersion} is gone (410); re-listing")]
        public static partial void Gone(ILogger logger, string resource, string? resourceVersion);

        [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Informer {Resource}: watch failed at resourceVersion {ResourceVersion}; reconnecting in {DelayMs} ms")]
        public static partial void WatchFailed(ILogger logger, Exception? exception, string resource, string? resourceVersion, long delayMs);

        [LoggerMessage(EventId = 5004, Level = LogLevel.Error, Message = "Informer {Resource}: a handler failed on {Key}")]
        public static partial void HandlerFailed(ILogger logger, Exception exception, string resource, string key);

        [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "Informer {Resource}: not served by the API server (404: its CRD is not installed); its objects are skipped, and it is looked for again every {RecheckSeconds} s")]
        public static partial void NotServed(ILogger logger, string resource, long recheckSeconds);

        [LoggerMessage(EventId = 5007, Level = LogLevel.Information, Message = "Informer {Resource}: now served by the API server; its objects are read")]
        public static partial void NowServed(ILogger logger, string resource);

        [LoggerMessage(EventId = 5005, Level = LogLevel.Error, Message = "Informer {Resource}: an event did not decode and was skipped")]
        public static partial void Undecodable(ILogger logger, Exception exception, string resource);
    }
}
