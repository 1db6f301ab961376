using KernelTruth.NodeSensor.Hosting;
using KernelTruth.NodeSensor.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelTruth.NodeSensor.Tests.Hosting;

/// <summary>Validation runs before anything touches the kernel, so these need neither root nor BPF.</summary>
public sealed class SensorRuntimeStartTests
{
    [Fact]
    public void Start_EveryOptionInvalid_ThrowsListingEveryProblem()
    {
        var options = new SensorOptions
        {
            Listen = "127.0.0.1:notaport",
            Interval = TimeSpan.FromMilliseconds(50),
            MaxCgroups = 10,
            CgroupRoot = "/nonexistent/ktruth-test/cgroup-root",
        };

        var ex = Assert.Throws<SensorStartupException>(() => SensorRuntime.Start(options, NullLoggerFactory.Instance, new ManualTimeProvider()));

        Assert.StartsWith("invalid sensor configuration:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--listen '127.0.0.1:notaport'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--interval 50 ms", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--max-cgroups 10", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--cgroup-root '/nonexistent/ktruth-test/cgroup-root'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(4, ex.Message.Split('\n').Count(l => l.StartsWith("  - ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Start_NullOptions_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => SensorRuntime.Start(null!, NullLoggerFactory.Instance, new ManualTimeProvider()));
    }
}
