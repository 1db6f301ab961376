using KernelTruth.NodeSensor.Bpf.Native;
using Microsoft.Extensions.Logging;

namespace KernelTruth.NodeSensor.Bpf;

/// <summary>
/// Where libbpf's messages go while one object's libbpf calls run: to that object's logger, and
/// (warnings and info only) into a bounded buffer so a stage failure can quote the last lines.
/// Debug lines are excluded from the buffer: libbpf logs every CO-RE relocation at debug, which
/// would push the verifier's explanation out of the tail.
/// </summary>
internal sealed class LibBpfLogCapture
{
    private const int MaxLines = 400;
    private const int TailLines = 60;

    private readonly Lock _gate = new();
    private readonly Queue<string> _lines = new();

    internal LibBpfLogCapture(ILogger logger, string objectName)
    {
        Logger = logger;
        ObjectName = objectName;
    }

    internal ILogger Logger { get; }

    internal string ObjectName { get; }

    internal bool Wants(LibBpfPrintLevel level) =>
        level != LibBpfPrintLevel.Debug || Logger.IsEnabled(LogLevel.Debug);

    internal void Add(LibBpfPrintLevel level, string message)
    {
        LibBpfLogRouter.Write(Logger, level, ObjectName, message);
        if (level == LibBpfPrintLevel.Debug)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var line in message.Split('\n'))
            {
                if (line.Length == 0)
                {
                    continue;
                }

                _lines.Enqueue(line);
                if (_lines.Count > MaxLines)
                {
                    _lines.Dequeue();
                }
            }
        }
    }

    /// <summary>Forget earlier stages so a failure quotes only its own stage.</summary>
    internal void Clear()
    {
        lock (_gate)
        {
            _lines.Clear();
        }
    }

    /// <summary>The last lines joined by newlines, or null when libbpf said nothing.</summary>
    internal string? Tail(int maxLines = TailLines)
    {
        lock (_gate)
        {
            return _lines.Count == 0 ? null : string.Join('\n', _lines.Skip(Math.Max(0, _lines.Count - maxLines)));
        }
    }
}
