using KernelTruth.Contracts.Snapshot;
using KernelTruth.NodeSensor.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelTruth.NodeSensor.Tests.Kernel;

/// <summary>
/// One sensor for all kernel tests (loading BPF once), reading every 500 ms in the background as
/// the real service does, so usage windows get folded.
/// </summary>
public sealed class SensorFixture : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly SensorRuntime? _runtime;
    private readonly string? _startError;

    public SensorFixture()
    {
        try
        {
            _runtime = SensorRuntime.Start(new SensorOptions { AllCgroups = true }, NullLoggerFactory.Instance, TimeProvider.System);
        }
        catch (SensorStartupException ex)
        {
            _startError = ex.Message;
        }

        _loop = _runtime is null ? Task.CompletedTask : Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                _runtime.Read();
                await Task.Delay(500, _stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        });
    }

    public SensorRuntime Runtime
    {
        get
        {
            KernelRequirements.Require();
            return _runtime ?? throw new InvalidOperationException($"the sensor did not start: {_startError}");
        }
    }

    /// <summary>The cgroup's entry in a fresh snapshot; fails the test when the sensor has not seen it.</summary>
    public CgroupSnapshot Read(ulong cgroupId)
    {
        var snapshot = Runtime.Read();
        return snapshot.Cgroups.SingleOrDefault(c => c.Id == cgroupId)
            ?? throw new Xunit.Sdk.XunitException($"cgroup {cgroupId} is not in the snapshot ({snapshot.Cgroups.Count} cgroups)");
    }

    /// <summary>
    /// The cgroup's entry and a kernel counter read around it: one snapshot reads every cgroup's
    /// files, so the counter is read just before and just after and the midpoint is compared.
    /// </summary>
    public (CgroupSnapshot Cgroup, double Kernel) ReadWith(ulong cgroupId, Func<double> kernel)
    {
        double before = kernel();
        var cgroup = Read(cgroupId);
        double after = kernel();
        return (cgroup, (before + after) / 2);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _loop.Wait();
        _runtime?.Dispose();
        _stop.Dispose();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelCollection : ICollectionFixture<SensorFixture>
{
    /// <summary>Kernel tests run alone: other tests' CPU use would show up as contention.</summary>
    public const string Name = "kernel";
}

/// <summary>
/// The fault tests make and remove many cgroups, whose slots the sensor recycles seconds later;
/// they get a sensor of their own so that churn never overlaps an accuracy measurement.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelFaultsCollection : ICollectionFixture<SensorFixture>
{
    public const string Name = "kernel-faults";
}
