using System.Text.Json;
using k8s;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.Kubernetes.Connection;
using KernelTruth.NodeSensor.Hosting;
using KernelTruth.NodeSensor.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace KernelTruth.NodeSensor.Host;

/// <summary>Runs the sensor: serve until stopped, or measure once and print.</summary>
internal static partial class SensorProcess
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

    /// <param name="env">The environment the service-account files and KUBECONFIG are looked up in (tests give their own).</param>
    public static int Serve(SensorOptions options, Func<string, string?>? env = null)
    {
        // Configuration first, before any BPF is loaded: a misconfigured sensor stops at once, saying what to change.
        var errors = options.ValidateServing();
        if (errors.Count > 0)
        {
            foreach (string error in errors)
            {
                Console.Error.WriteLine($"ktruth-sensor: invalid sensor configuration: {error}");
            }

            return ExitCannotStart;
        }

        using var kube = Connect(options, env ?? Environment.GetEnvironmentVariable);
        if (options.UsesApi && kube is null)
        {
            return ExitCannotStart;
        }

        using var loggers = LoggerFactory.Create(b => Logging(b, options.LogLevel));
        using var runtime = Start(options, loggers);
        if (runtime is null)
        {
            return ExitCannotStart;
        }

        SensorOptions.TryParseListen(options.Listen, out var endPoint);
        var cluster = kube is null ? null : new SensorCluster(kube, options.Node!);
        using var app = SensorWebApp.Create(options, runtime, endPoint, b => Logging(b, options.LogLevel), cluster);
        if (options.Auth == SensorAuth.None && options.InPod && !System.Net.IPAddress.IsLoopback(endPoint.Address))
        {
            Log.Open(app.Logger, options.Listen);
        }

        try
        {
            app.Run(); // until SIGTERM/SIGINT; disposing the runtime then detaches every program
        }
        catch (IOException ex)
        {
            // Kestrel binds at start: a port in use (or an address not on this host) is the caller's to fix.
            Console.Error.WriteLine($"ktruth-sensor: cannot listen on {options.Listen}: {ex.Message.ReplaceLineEndings(" ")}");
            return ExitCannotStart;
        }

        return 0;
    }

    /// <summary>The API client when the options need one; null (after one line on stderr) when it cannot be had.</summary>
    private static IKubernetes? Connect(SensorOptions options, Func<string, string?> env)
    {
        if (!options.UsesApi)
        {
            return null;
        }

        try
        {
            var config = ClusterConnection.Load(options.KubeConfig, env, TimeProvider.System);
            return KubernetesClientFactory.Create(config, TimeProvider.System);
        }
        catch (KubernetesConfigurationException ex)
        {
            string why = options.Auth == SensorAuth.Kubernetes ? "--auth kubernetes reviews tokens with the API server" : "--kubeconfig was given";
            Console.Error.WriteLine($"ktruth-sensor: {why}, but there is no usable Kubernetes configuration: {ex.Message}");
            return null;
        }
    }

    private static void Logging(ILoggingBuilder builder, LogLevel level = LogLevel.Information) =>
        builder.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(level)
            // The host logs a failed start (a port in use) with its stack trace before throwing; Serve reports it in one line.
            .AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1404, Level = LogLevel.Warning, Message = "--auth none: every pod that reaches {Listen} can read this node's pod UIDs, container ids and usage")]
        public static partial void Open(ILogger logger, string listen);
    }

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
