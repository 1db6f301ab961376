using Microsoft.Extensions.Logging;

namespace KernelTruth.Cli.Tests.Fakes;

/// <summary>The bad-input table's in-process rows see on stderr what the binary's console logger would print there.</summary>
public sealed class WriterLoggerProviderTests
{
    [Fact]
    public void Log_WarningWithExceptionAndInformation_WarningLineWithStackFramesInformationDropped()
    {
        var test = new TestEnvironment(logToError: true);
        var logger = test.Env.Loggers.CreateLogger("KernelTruth.Test");
        Exception thrown;
        try
        {
            throw new InvalidOperationException("boom");
        }
        catch (InvalidOperationException ex)
        {
            thrown = ex;
        }

        logger.LogInformation("below the binary's Warning threshold");
        logger.LogWarning(new EventId(7), thrown, "something went wrong");

        string error = test.Error.ToString();
        Assert.StartsWith("warn: KernelTruth.Test[7] something went wrong System.InvalidOperationException: boom", error, StringComparison.Ordinal);
        Assert.Contains("   at ", error, StringComparison.Ordinal); // what the table's stack-trace check looks for
        Assert.DoesNotContain("below the binary's", error, StringComparison.Ordinal);
    }
}
