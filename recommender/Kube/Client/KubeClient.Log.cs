using Microsoft.Extensions.Logging;

namespace KernelTruth.Kube.Client;

internal static partial class KubeClientLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "{Verb} {Path}: {Reason}; retry {Attempt} in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string verb, string path, string reason, int attempt, long delayMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "{Verb} {Path}: 401, the token file {TokenFile} changed; retrying with the new token")]
    public static partial void TokenRefreshed(ILogger logger, string verb, string path, string? tokenFile);
}
