using Microsoft.Extensions.Logging;

namespace KernelTruth.NodeSensor.Bpf;

internal static partial class LibBpfLogRouter
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "libbpf [{BpfObject}]: {LibBpfMessage}")]
    private static partial void LibBpfWarning(ILogger logger, string bpfObject, string libBpfMessage);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "libbpf [{BpfObject}]: {LibBpfMessage}")]
    private static partial void LibBpfInfo(ILogger logger, string bpfObject, string libBpfMessage);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "libbpf [{BpfObject}]: {LibBpfMessage}")]
    private static partial void LibBpfDebug(ILogger logger, string bpfObject, string libBpfMessage);
}
