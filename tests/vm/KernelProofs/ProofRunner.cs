using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace KernelTruth.KernelProofs;

/// <summary>
/// Finds the selected tests in the test assembly and runs them with xunit's own engine, in this
/// process: the same collections, fixtures and ordering as under `dotnet test`, one test at a time.
/// </summary>
internal static class ProofRunner
{
    public static IReadOnlyList<ITestCase> Discover(Assembly tests, IReadOnlyList<string> filters)
    {
        var options = new FrameworkOptions();
        using var framework = new XunitTestFramework(new NullSink());
        using var discoverer = framework.GetDiscoverer(Reflector.Wrap(tests));
        var sink = new DiscoverySink();
        discoverer.Find(includeSourceInformation: false, sink, options);
        sink.WaitForFinish();
        return sink.Found.Where(t => ProofSelection.Includes(t, filters)).ToList();
    }

    public static void Run(Assembly tests, IReadOnlyList<ITestCase> cases, ConsoleReporter reporter)
    {
        var options = new FrameworkOptions();
        // The kernel tests time the scheduler: nothing else of ours may run beside them.
        options.SetValue("xunit.execution.DisableParallelization", (bool?)true);
        options.SetValue("xunit.execution.MaxParallelThreads", (int?)1);
        using var framework = new XunitTestFramework(new NullSink());
        using var executor = framework.GetExecutor(tests.GetName());
        executor.RunTests(cases, reporter, options);
        reporter.WaitForFinish();
    }

    private sealed class NullSink : IMessageSink
    {
        public bool OnMessage(IMessageSinkMessage message) => true;
    }

    private sealed class DiscoverySink : IMessageSink
    {
        private readonly ManualResetEventSlim _done = new();

        public List<ITestCase> Found { get; } = [];

        public bool OnMessage(IMessageSinkMessage message)
        {
            if (message is ITestCaseDiscoveryMessage found)
            {
                lock (Found)
                {
                    Found.Add(found.TestCase);
                }
            }
            else if (message is IDiscoveryCompleteMessage)
            {
                _done.Set();
            }

            return true;
        }

        public void WaitForFinish() => _done.Wait();
    }
}
