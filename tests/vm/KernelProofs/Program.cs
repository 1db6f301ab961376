using System.Diagnostics;
using KernelTruth.KernelProofs;

// kernel-proofs [FILTER...]: runs the sensor's kernel tests here; a FILTER keeps only the tests
// whose full name contains it. Exit 0 when every test ran and passed, 1 otherwise.
var tests = typeof(KernelTruth.NodeSensor.Tests.Kernel.SensorFixture).Assembly;
var cases = ProofRunner.Discover(tests, args);
if (cases.Count == 0)
{
    Console.Error.WriteLine($"kernel-proofs: no test matches {string.Join(" ", args)}");
    return 1;
}

Console.WriteLine($"kernel-proofs: {cases.Count} tests on Linux {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}");
var reporter = new ConsoleReporter(Console.Out);
var clock = Stopwatch.StartNew();
ProofRunner.Run(tests, cases, reporter);
reporter.Summary(clock.Elapsed);
return reporter.Failed + reporter.Errors == 0 && reporter.Passed > 0 ? 0 : 1;
