using KernelTruth.Cli.Commands;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace KernelTruth.Cli.Tests.Fakes;

/// <summary>A <see cref="CliEnvironment"/> writing to strings: not interactive, no colours, wide enough that tables do not wrap.</summary>
internal sealed class TestEnvironment
{
    /// <param name="logToError">Log as the binary does (Warning and above) into <see cref="Error"/>; otherwise logs go nowhere.</param>
    public TestEnvironment(TimeProvider? time = null, bool logToError = false)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console),
        });
        console.Profile.Width = 200;
        ILoggerFactory loggers = logToError ? new LoggerFactory([new WriterLoggerProvider(Error)]) : NullLoggerFactory.Instance;
        Env = new CliEnvironment(console, Out, Error, time ?? TimeProvider.System, loggers);
    }

    public CliEnvironment Env { get; }

    /// <summary>What Spectre rendered: tables, evidence lines.</summary>
    public StringWriter Console { get; } = new();

    /// <summary>Plain stdout: JSON documents.</summary>
    public StringWriter Out { get; } = new();

    public StringWriter Error { get; } = new();
}
