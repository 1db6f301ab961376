using System.Text.Json;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.NodeSensor.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace KernelTruth.NodeSensor.Host;

/// <summary>Runs the sensor: serve until stopped, or measure once and print.</summary>
internal static class SensorProcess
{
    public const int ExitCannotStart = 2;

    public static int RunOnce(SensorOptions options)
    {
        // stdout carries only the snapshot (it is piped to jq or parsed); warnings such as the
        // period-timer fallback go to stderr.
        using var loggers = LoggerFactory.Create(b => b
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(LogLevel.Warning));
        using var runtime = Start(options, loggers);
        if (runtime is null)
        {
            return ExitCannotStart;
        }

        runtime.Read(); // counters start at attach: measure over one interval before printing
        Thread.Sleep(options.Interval);
        var snapshot = runtime.Read();
        Console.Out.WriteLine(JsonSerializer.Serialize(snapshot, SnapshotJsonContext.Default.NodeSnapshot));
        return 0;
    }

    public static int Serve(SensorOptions options)
    {
        using var loggers = LoggerFactory.Create(Logging);
        using var runtime = Start(options, loggers);
        if (runtime is null)
        {
            return ExitCannotStart;
        }

        SensorOptions.TryParseListen(options.Listen, out var endPoint);
        using var app = SensorWebApp.Create(options, runtime, endPoint, b => Logging(b));
        app.Run(); // until SIGTERM/SIGINT; disposing the runtime then detaches every program
        return 0;
    }

    private static void Logging(ILoggingBuilder builder) => builder.AddSimpleConsole(o => o.SingleLine = true);

    private static SensorRuntime? Start(SensorOptions options, ILoggerFactory loggers)
    {
        try
        {
            return SensorRuntime.Start(options, loggers, TimeProvider.System);
        }
        catch (SensorStartupException ex)
        {
            Console.Error.WriteLine($"ktruth-sensor: {ex.Message}");
            return null;
        }
    }
}
