using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KernelTruth.NodeSensor.Hosting;

/// <summary>
/// Reads a snapshot every interval: usage windows must be folded before the kernel's ring of 64
/// reuses them, whether or not anyone asks for a snapshot. Healthy = a read finished within
/// 5 intervals.
/// </summary>
internal sealed partial class SensorLoop(ISnapshotReader reader, SensorOptions options, TimeProvider time, ILogger<SensorLoop> logger) : BackgroundService
{
    private long _lastSuccessTicks;

    public bool IsHealthy(out string reason)
    {
        long last = Interlocked.Read(ref _lastSuccessTicks);
        if (last == 0)
        {
            reason = "no snapshot has been read yet";
            return false;
        }

        var age = time.GetUtcNow() - new DateTimeOffset(last, TimeSpan.Zero);
        reason = $"last snapshot read {age.TotalSeconds:N1} s ago";
        return age <= 5 * options.Interval;
    }

    /// <summary>One read: a failure is logged and leaves the last success, and so the health, as it was.</summary>
    public void RunOnce(CancellationToken stoppingToken)
    {
        try
        {
            reader.Read();
            Interlocked.Exchange(ref _lastSuccessTicks, time.GetUtcNow().UtcTicks);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            Log.ReadFailed(logger, ex);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Interval, time);
        try
        {
            do
            {
                RunOnce(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // A host that failed to start (its port in use) disposes this service without stopping it first, and the
            // BPF objects go right after: the cancellation, or a read racing that teardown, would be logged by the host
            // as a crash with its stack trace. Once stopping, nothing read matters: the loop ends quietly.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1301, Level = LogLevel.Error, Message = "Reading the node snapshot failed; retrying next interval")]
        public static partial void ReadFailed(ILogger logger, Exception ex);
    }
}
