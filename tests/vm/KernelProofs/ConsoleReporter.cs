using System.Globalization;
using Xunit.Abstractions;

namespace KernelTruth.KernelProofs;

/// <summary>
/// Writes each result as `dotnet test` does ("  Passed Class.Method [2 s]", "  Failed ...", the
/// error and the test's output) and the closing "Passed!/Failed! - Failed: n, Passed: n, ..." line,
/// so a log of the guest reads like a log of the host run.
/// </summary>
internal sealed class ConsoleReporter(TextWriter writer) : IMessageSink
{
    private readonly ManualResetEventSlim _finished = new();
    private readonly Lock _gate = new();

    public int Passed { get; private set; }

    public int Failed { get; private set; }

    public int Skipped { get; private set; }

    /// <summary>Errors outside any one test (a fixture that threw, a cleanup that failed).</summary>
    public int Errors { get; private set; }

    public bool OnMessage(IMessageSinkMessage message)
    {
        lock (_gate)
        {
            switch (message)
            {
                case ITestPassed passed:
                    Passed++;
                    Result("Passed", passed);
                    break;
                case ITestFailed failed:
                    Failed++;
                    Result("Failed", failed);
                    writer.WriteLine("  Error Message:");
                    writer.WriteLine($"   {string.Join(Environment.NewLine + "   ", failed.Messages)}");
                    writer.WriteLine("  Stack Trace:");
                    writer.WriteLine(string.Join(Environment.NewLine, failed.StackTraces));
                    break;
                case ITestSkipped skipped:
                    Skipped++;
                    Result("Skipped", skipped);
                    writer.WriteLine($"   {skipped.Reason}");
                    break;
                case IErrorMessage or ITestAssemblyCleanupFailure or ITestCollectionCleanupFailure or ITestClassCleanupFailure:
                    Errors++;
                    var failure = (IFailureInformation)message;
                    writer.WriteLine($"  Error {message.GetType().Name}: {string.Join("; ", failure.Messages)}");
                    writer.WriteLine(string.Join(Environment.NewLine, failure.StackTraces));
                    break;
                case ITestAssemblyFinished:
                    _finished.Set();
                    break;
            }

            writer.Flush();
        }

        return true;
    }

    public void WaitForFinish() => _finished.Wait();

    /// <summary>The closing line in `dotnet test`'s words, which test.sh's summary counts.</summary>
    public void Summary(TimeSpan duration)
    {
        int total = Passed + Failed + Skipped;
        string verdict = Failed + Errors == 0 && total > 0 ? "Passed!" : "Failed!";
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{verdict}  - Failed: {Failed,5}, Passed: {Passed,5}, Skipped: {Skipped,5}, Total: {total,5}, Duration: {duration.TotalSeconds:0} s - kernel proofs"));
        writer.Flush();
    }

    private void Result(string outcome, ITestResultMessage result)
    {
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {outcome} {result.Test.DisplayName} [{result.ExecutionTime:0.0} s]"));
        if (result.Output.Length > 0)
        {
            foreach (string line in result.Output.TrimEnd().Split('\n'))
            {
                writer.WriteLine($"    {line.TrimEnd('\r')}");
            }
        }
    }
}
