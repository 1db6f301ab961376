using Xunit.Abstractions;

namespace KernelTruth.NodeSensor.Tests.Kernel;

internal static class KernelAssert
{
    /// <summary>|measured − kernel| ≤ tolerance × kernel, with both numbers in the failure message.</summary>
    /// <remarks>The comparison is written to the test output too: the numbers go into reports.</remarks>
    public static void Within(double kernel, double measured, double tolerance, string what, ITestOutputHelper output)
    {
        double error = kernel == 0 ? (measured == 0 ? 0 : double.PositiveInfinity) : Math.Abs(measured - kernel) / kernel;
        string line = $"{what}: sensor {measured:N0} vs kernel {kernel:N0} differ by {error:P2}, allowed {tolerance:P1}";
        output.WriteLine(line);
        Assert.True(error <= tolerance, line);
    }

    /// <summary>Lets a workload run; the kernel tests measure over real time on purpose.</summary>
    public static void RunFor(TimeSpan duration) => Thread.Sleep(duration);

    /// <summary>Waits until the cgroup has at least <paramref name="tasks"/> threads (workers forked).</summary>
    /// <remarks>Up to 30 s: in the QEMU guest of tests/vm stress-ng took over 5 s to fork beside a loading sensor.</remarks>
    public static IReadOnlyList<int> WaitForTasks(TestCgroup cg, int tasks)
    {
        for (int i = 0; i < 600; i++)
        {
            var tids = cg.Tasks();
            if (tids.Count >= tasks)
            {
                RunFor(TimeSpan.FromMilliseconds(300)); // let start-up settle
                return cg.Tasks();
            }

            RunFor(TimeSpan.FromMilliseconds(50));
        }

        throw new Xunit.Sdk.XunitException($"cgroup {cg.RelativePath} never reached {tasks} tasks");
    }
}
