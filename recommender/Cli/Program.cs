using KernelTruth.Cli.Commands;
using Microsoft.Extensions.Logging;
using Spectre.Console;

// Warnings go to stderr, one line each, so stdout stays the table or the JSON document.
using var loggers = LoggerFactory.Create(b => b
    .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
    .AddSimpleConsole(o => o.SingleLine = true)
    .SetMinimumLevel(LogLevel.Warning));

// Piped or redirected: plain text, no escape codes, and wide enough that tables do not wrap in a log.
bool redirected = Console.IsOutputRedirected;
var console = AnsiConsole.Create(new AnsiConsoleSettings
{
    Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
    ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
    Out = new AnsiConsoleOutput(Console.Out),
});
if (redirected)
{
    console.Profile.Width = 120;
}

var env = new CliEnvironment(console, Console.Out, Console.Error, TimeProvider.System, loggers);
return await KtruthCommand.RunAsync(env, args);
