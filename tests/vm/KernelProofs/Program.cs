using System.Diagnostics;
using KernelTruth.KernelProofs;

// kernel-proofs [--guest] [FILTER...]: runs the sensor's kernel tests here; a FILTER keeps only the
// tests whose full name contains it; --guest leaves out ProofSelection.NotInGuest, naming each
// with its reason. Exit 0 when every test run passed, 1 otherwise.
bool guest = args.Contains("--guest");
string[] filters = args.Where(a => a != "--guest").ToArray();
var tests = typeof(KernelTruth.NodeSensor.Tests.Kernel.SensorFixture).Assembly;
var selected = ProofRunner.Discover(tests, filters);
var cases = selected.Where(t => !guest || !ProofSelection.NotInGuest.ContainsKey(ProofSelection.FullName(t))).ToList();
if (cases.Count == 0)
{
    Console.Error.WriteLine($"kernel-proofs: no test matches {string.Join(" ", filters)}");
    return 1;
}

Console.WriteLine($"kernel-proofs: {cases.Count} tests on Linux {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}");
foreach (var left in selected.Except(cases))
{
    Console.WriteLine($"  Not run {left.DisplayName}: {ProofSelection.NotInGuest[ProofSelection.FullName(left)]}");
}

var reporter = new ConsoleReporter(Console.Out);
var clock = Stopwatch.StartNew();
ProofRunner.Run(tests, cases, reporter);
reporter.Summary(clock.Elapsed);
return reporter.Failed + reporter.Errors == 0 && reporter.Passed > 0 ? 0 : 1;
