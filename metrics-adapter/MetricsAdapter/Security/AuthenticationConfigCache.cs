using Microsoft.Extensions.Logging;

namespace KernelTruth.MetricsAdapter.Security;

/// <summary>
/// The authentication configuration in use, re-read every <c>refresh</c> (the CAs rotate). Until
/// the first good read nothing authenticates by certificate; a failed or malformed read keeps the
/// last good configuration and is logged.
/// </summary>
internal sealed partial class AuthenticationConfigCache(IAuthenticationConfigSource source, TimeSpan refresh, TimeProvider time, ILogger logger)
{
    private AuthenticationConfig _current = AuthenticationConfig.None;
    private long _generation;
    private DateTimeOffset _nextRefresh = DateTimeOffset.MinValue;
    private int _refreshing;

    public AuthenticationConfig Current => Volatile.Read(ref _current);

    /// <summary>Changes with every new configuration: cached certificate checks of an older one are void.</summary>
    public long Generation => Volatile.Read(ref _generation);

    public bool Loaded => Generation > 0;

    /// <summary>Reads now; false (and logged) when it could not.</summary>
    public async Task<bool> RefreshAsync(CancellationToken ct)
    {
        try
        {
            var data = await source.ReadAsync(ct).ConfigureAwait(false);
            var config = AuthenticationConfig.FromConfigMap(data);
            Volatile.Write(ref _current, config);
            Interlocked.Increment(ref _generation);
            _nextRefresh = time.GetUtcNow() + refresh;
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or FormatException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Log.ReadFailed(logger, ex.Message);
            _nextRefresh = time.GetUtcNow() + TimeSpan.FromSeconds(10);
            return false;
        }
    }

    /// <summary>Starts a background re-read when one is due; never blocks a request.</summary>
    public void RefreshIfDue()
    {
        if (time.GetUtcNow() < _nextRefresh || Interlocked.Exchange(ref _refreshing, 1) == 1)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await RefreshAsync(CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                Volatile.Write(ref _refreshing, 0);
            }
        });
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Authentication configuration (extension-apiserver-authentication) could not be read; the last good one stays in use: {Reason}")]
        public static partial void ReadFailed(ILogger logger, string reason);
    }
}
