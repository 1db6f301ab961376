using KernelTruth.Cli.Commands;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace KernelTruth.Cli.Tests.Fakes;

/// <summary>A <see cref="CliEnvironment"/> writing to strings: not interactive, no colours, wide enough that tables do not wrap.</summary>
internal sealed class TestEnvironment
{
    public TestEnvironment(TimeProvider? time = null)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console),
        });
        console.Profile.Width = 200;
        Env = new CliEnvironment(console, Out, Error, time ?? TimeProvider.System, NullLoggerFactory.Instance);
    }

    public CliEnvironment Env { get; }

    /// <summary>What Spectre rendered: tables, evidence lines.</summary>
    public StringWriter Console { get; } = new();

    /// <summary>Plain stdout: JSON documents.</summary>
    public StringWriter Out { get; } = new();

    public StringWriter Error { get; } = new();
}
