using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace KernelTruth.Cli.Commands;

/// <summary>
/// What the commands write to and read time from. The process uses the real console and clock;
/// tests pass string writers and their own clock.
/// </summary>
/// <param name="Console">Tables, progress and the live view; interactive only on a terminal.</param>
/// <param name="Out">Plain standard output, for JSON.</param>
/// <param name="Error">Standard error, for failures.</param>
internal sealed record CliEnvironment(IAnsiConsole Console, TextWriter Out, TextWriter Error, TimeProvider Time, ILoggerFactory Loggers)
{
    /// <summary>Tables and progress bars only where a person watches a terminal.</summary>
    public bool Interactive => Console.Profile.Capabilities.Interactive;
}
