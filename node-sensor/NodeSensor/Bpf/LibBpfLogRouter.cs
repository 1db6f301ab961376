using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KernelTruth.NodeSensor.Bpf.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelTruth.NodeSensor.Bpf;

/// <summary>
/// The one libbpf print function of the process (libbpf_set_print is global). libbpf prints
/// synchronously on the thread that called it, so the current sink is per thread: a
/// <see cref="LibBpfLogCapture"/> installed around each object's libbpf calls gets exactly that
/// object's messages even when two objects load on different threads. Messages outside any
/// capture (e.g. feature probes) go to <see cref="FallbackLogger"/>.
/// </summary>
internal static unsafe partial class LibBpfLogRouter
{
    private static readonly Lock Gate = new();
    private static bool _installed;
    private static ILogger _fallbackLogger = NullLogger.Instance;

    [ThreadStatic]
    private static LibBpfLogCapture? _current;

    internal static ILogger FallbackLogger
    {
        get => Volatile.Read(ref _fallbackLogger);
        set => Volatile.Write(ref _fallbackLogger, value);
    }

    /// <summary>Idempotent: routes libbpf's output here from now on.</summary>
    internal static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (_installed)
            {
                return;
            }

            LibBpf.libbpf_set_print(&OnPrint);
            _installed = true;
        }
    }

    /// <summary>Sends this thread's libbpf output to <paramref name="capture"/> until disposed.</summary>
    internal static CaptureScope Capture(LibBpfLogCapture capture)
    {
        var previous = _current;
        _current = capture;
        return new CaptureScope(previous);
    }

    // libbpf prefixes its own messages with "libbpf: "; our log template already says libbpf.
    internal static string Clean(string message)
    {
        const string Prefix = "libbpf: ";
        var text = message.StartsWith(Prefix, StringComparison.Ordinal) ? message[Prefix.Length..] : message;
        return text.TrimEnd('\n');
    }

    internal static void Write(ILogger logger, LibBpfPrintLevel level, string objectName, string text)
    {
        switch (level)
        {
            case LibBpfPrintLevel.Warn:
                LibBpfWarning(logger, objectName, text);
                break;
            case LibBpfPrintLevel.Info:
                LibBpfInfo(logger, objectName, text);
                break;
            default:
                LibBpfDebug(logger, objectName, text);
                break;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnPrint(LibBpfPrintLevel level, byte* format, nint args)
    {
        try
        {
            var capture = _current;
            if (capture is not null)
            {
                if (!capture.Wants(level))
                {
                    return 0; // skip vsnprintf for the flood of debug lines nobody reads
                }

                var message = VaListFormatter.Format(format, args);
                capture.Add(level, Clean(message));
                return message.Length;
            }

            var logger = FallbackLogger;
            if (level == LibBpfPrintLevel.Debug && !logger.IsEnabled(LogLevel.Debug))
            {
                return 0;
            }

            var text = VaListFormatter.Format(format, args);
            Write(logger, level, "-", Clean(text));
            return text.Length;
        }
#pragma warning disable CA1031 // an exception must never unwind through libbpf's C frames
        catch (Exception)
#pragma warning restore CA1031
        {
            return 0;
        }
    }

    internal readonly struct CaptureScope(LibBpfLogCapture? previous) : IDisposable
    {
        public void Dispose() => _current = previous;
    }
}
