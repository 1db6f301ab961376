using Microsoft.Extensions.Logging;

namespace KernelTruth.NodeSensor.Bpf;

internal sealed partial class BpfObject
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1110, Level = LogLevel.Debug,
            Message = "Opened BPF object {BpfObject} ({ElfBytes} bytes, {ProgramCount} programs)")]
        internal static partial void Opened(ILogger logger, string bpfObject, int elfBytes, int programCount);

        [LoggerMessage(EventId = 1111, Level = LogLevel.Information, Message = "Loaded BPF object {BpfObject}")]
        internal static partial void Loaded(ILogger logger, string bpfObject);

        [LoggerMessage(EventId = 1112, Level = LogLevel.Information,
            Message = "Attached BPF program {BpfObject}/{BpfProgram}")]
        internal static partial void Attached(ILogger logger, string bpfObject, string bpfProgram);

        [LoggerMessage(EventId = 1113, Level = LogLevel.Debug, Message = "Closed BPF object {BpfObject}")]
        internal static partial void Closed(ILogger logger, string bpfObject);
    }
}
