using KernelTruth.NodeSensor.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelTruth.Simulations.Tests.Kernel;

/// <summary>
/// One sensor for the proof (BPF loaded once). A machine without root, BPF or the period timer
/// fails the tests with what is missing: a skipped kernel test proves nothing.
/// </summary>
public sealed class KernelFixture : IDisposable
{
    private readonly SensorRuntime? _runtime;
    private readonly string? _problem;

    public KernelFixture()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            _problem = "the simulation proof needs root: it creates cgroups and loads BPF programs";
            return;
        }

        try
        {
            _runtime = SensorRuntime.Start(new SensorOptions { AllCgroups = true }, NullLoggerFactory.Instance, TimeProvider.System);
            if (!_runtime.Programs.PeriodTimerActive)
            {
                _problem = "the CFS period-timer program did not load (needs /proc/kallsyms readable as root): " + string.Join("; ", _runtime.Programs.Unavailable.Values);
            }
        }
        catch (SensorStartupException ex)
        {
            _problem = $"the sensor did not start: {ex.Message}";
        }
    }

    internal SensorRuntime Runtime => _problem is null && _runtime is not null ? _runtime : throw new Xunit.Sdk.XunitException($"kernel test prerequisites are missing: {_problem}");

    /// <summary>Records workloads for the proofs; what one proof recorded, another reuses.</summary>
    internal WorkloadRecorder Recorder => _recorder ??= new WorkloadRecorder(this);

    private WorkloadRecorder? _recorder;

    public void Dispose() => _runtime?.Dispose();
}

// Alone: unit tests running beside a recording would take CPU from the workload it measures.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelCollection : ICollectionFixture<KernelFixture>
{
    public const string Name = "simulations-kernel";
}
