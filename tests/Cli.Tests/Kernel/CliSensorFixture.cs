using KernelTruth.NodeSensor.Cgroups;
using KernelTruth.NodeSensor.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelTruth.Cli.Tests.Kernel;

/// <summary>
/// One sensor for the CLI's kernel tests (BPF loaded once), every cgroup reported. A machine that
/// cannot run it fails the tests with what is missing: a skipped kernel test proves nothing.
/// </summary>
public sealed class CliSensorFixture : IDisposable
{
    private readonly SensorRuntime? _runtime;
    private readonly string? _problem;

    public CliSensorFixture()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            _problem = "the CLI's kernel tests need root: they create cgroups and load BPF programs";
            return;
        }

        try
        {
            _runtime = SensorRuntime.Start(new SensorOptions { AllCgroups = true }, NullLoggerFactory.Instance, TimeProvider.System);
        }
        catch (SensorStartupException ex)
        {
            _problem = $"the sensor did not start: {ex.Message}";
        }
    }

    internal SensorRuntime Runtime => _runtime ?? throw new Xunit.Sdk.XunitException($"kernel test prerequisites are missing: {_problem}");

    internal CpuHierarchy Hierarchy => Runtime.Hierarchy;

    public void Dispose() => _runtime?.Dispose();
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CliKernelCollection : ICollectionFixture<CliSensorFixture>
{
    /// <summary>Kernel tests run alone: other tests' CPU would show up as contention and throttling noise.</summary>
    public const string Name = "cli-kernel";
}
