using Microsoft.Extensions.Logging;

namespace KernelTruth.Kube.Informers;

internal static partial class InformerLog
{
    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "informer {Resource}: listed {Count} objects at resourceVersion {ResourceVersion}")]
    public static partial void Listed(ILogger logger, string resource, int count, string? resourceVersion);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "informer {Resource}: resourceVersion {ResourceVersion} is gone (410); re-listing")]
    public static partial void Gone(ILogger logger, string resource, string? resourceVersion);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "informer {Resource}: watch failed at resourceVersion {ResourceVersion}; reconnecting in {DelayMs} ms")]
    public static partial void WatchFailed(ILogger logger, Exception exception, string resource, string? resourceVersion, long delayMs);

    [LoggerMessage(EventId = 13, Level = LogLevel.Error, Message = "informer {Resource}: a handler failed on {Key}")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string resource, string key);
}
