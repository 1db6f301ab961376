namespace KernelTruth.Cli.Commands;

/// <summary>A command cannot go on; the message says why and what to do, the exit code which kind of failure.</summary>
internal sealed class CliFailure(string message, int exitCode = CliExitCodes.Failed, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
